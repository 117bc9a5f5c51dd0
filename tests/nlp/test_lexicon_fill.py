"""rdi_lexicon_fill: lexicon phrases the span rulers miss because the text is cut otherwise."""

from __future__ import annotations

import warnings

import pytest
import spacy
from spacy.tokens import Doc

import nlp.components  # noqa: F401
from nlp.build import build_nlp, config_path
from nlp.labels import COUNTRIES_KEY

CUES = "rdi_cues"


def make(patterns: list[tuple[str, str, str]], *, word_start: bool = False, ko_negation: bool = False,  # noqa: ANN001, ANN201
         country_patterns=()):
    """A blank multi-language pipeline (whitespace tokens) with both rulers and the fill."""
    nlp = spacy.blank("xx")
    cues = nlp.add_pipe("span_ruler", name="cues", config={"spans_key": CUES, "phrase_matcher_attr": "ORTH"})
    countries = nlp.add_pipe("span_ruler", name="countries",
                             config={"spans_key": COUNTRIES_KEY, "phrase_matcher_attr": "ORTH",
                                     "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    nlp.add_pipe("rdi_lexicon_fill", name="fill", config={"word_start": word_start, "ko_negation": ko_negation})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W036\]")  # a ruler a test leaves empty
        nlp.initialize()
        # added after initialize (which empties a ruler given no patterns): the fill must see them
        cues.add_patterns([{"label": label, "pattern": p, "id": rid} for p, label, rid in patterns])
        countries.add_patterns([{"label": label, "pattern": p, "id": rid} for p, label, rid in country_patterns])
    return nlp


def run(nlp, words: list[str], spaces: list[bool] | None = None) -> Doc:  # noqa: ANN001
    """Tag a doc cut into ``words`` (the cut a contextual tokenizer might make)."""
    doc = Doc(nlp.vocab, words=words, spaces=spaces or [False] * len(words))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W036\]")  # a test leaves one ruler empty
        for _name, pipe in nlp.pipeline:
            doc = pipe(doc)
    return doc


def found(doc: Doc, key: str = CUES) -> list[tuple[str, str, str]]:
    return [(s.text, s.label_, s.id_) for s in doc.spans.get(key, [])]


def test_phrase_cut_otherwise_is_found_with_its_rule() -> None:
    nlp = make([("申し入れ", "nationalist", "protest")])
    doc = run(nlp, ["強く", "申し", "入れ", "まし", "た"])
    assert found(doc) == [("申し入れ", "nationalist", "protest")]


def test_phrase_the_ruler_matched_is_not_added_twice() -> None:
    nlp = make([("申し入れ", "nationalist", "protest")])
    doc = run(nlp, ["強く", "申し入れ", "を", "行った"])
    assert found(doc) == [("申し入れ", "nationalist", "protest")]


def test_phrase_inside_a_longer_token_is_not_a_match() -> None:
    nlp = make([("韓国", "KR", "kr")])
    assert found(run(nlp, ["韓国人", "が", "来た"])) == []


def test_match_after_a_digit_is_a_date_not_a_phrase() -> None:
    nlp = make([("日朝", "KP", "pair_kp")])
    assert found(run(nlp, ["本", "18", "日", "朝", "、"])) == []
    assert found(run(nlp, ["、", "日", "朝", "関係"])) == [("日朝", "KP", "pair_kp")]


def test_word_start_keeps_a_phrase_inside_a_korean_word_out() -> None:
    words, spaces = ["교류", "를", "활성", "화", "해"], [False, True, False, False, False]
    assert found(run(make([("화해", "conciliatory", "relations")], word_start=True), words, spaces)) == []
    assert found(run(make([("화해", "conciliatory", "relations")]), words, spaces)) == [
        ("화해", "conciliatory", "relations")]
    doc = run(make([("한미동맹", "conciliatory", "partnership")], word_start=True),
              ["굳건한", "한미", "동맹", "은"], [True, False, False, False])
    assert found(doc) == [("한미동맹", "conciliatory", "partnership")]


@pytest.mark.parametrize(("words", "spaces", "expected"), [
    (["결코", "지", "지", "않을"], [True, False, True, False], []),  # -지 않다: "will not lose"
    (["결코", "지", "지", "못했다"], [True, False, True, False], []),  # -지 못하다
    (["굳건한", "지", "지", "못지않게"], [True, False, True, False], [("지지", "conciliatory", "reassure")]),
    (["입장", "을", "지", "지", "한다"], [False, True, False, False, False], [("지지", "conciliatory", "reassure")]),
])
def test_ko_negation_keeps_a_korean_verb_negation_out(words: list[str], spaces: list[bool],
                                                       expected: list[tuple[str, str, str]]) -> None:
    nlp = make([("지지", "conciliatory", "reassure")], word_start=True, ko_negation=True)
    assert found(run(nlp, words, spaces)) == expected


def test_negation_guard_is_its_own_setting() -> None:
    """``word_start`` alone does not read 지 before 않- as a negation; the Korean config sets both."""
    words, spaces = ["결코", "지", "지", "않을"], [True, False, True, False]
    nlp = make([("지지", "conciliatory", "reassure")], word_start=True)
    assert found(run(nlp, words, spaces)) == [("지지", "conciliatory", "reassure")]
    cfg = spacy.util.load_config(config_path("ko"))["components"]["fill"]
    assert cfg["word_start"] is True and cfg["ko_negation"] is True


def test_ruler_filter_applies_to_the_filled_spans() -> None:
    nlp = make([], country_patterns=[("日米", "US", "pair_us"), ("日米同盟", "US", "topic_us")])
    doc = run(nlp, ["日", "米", "同盟", "の", "強化"])
    assert found(doc, COUNTRIES_KEY) == [("日米同盟", "US", "topic_us")]


@pytest.mark.parametrize(("lang", "text", "country"), [
    ("ja", "岸田総理大臣から李強首相に対し、懸念を伝えた。", "CN"),  # 李強 alone is 李/強
    ("ko", "통화를 했던 바이든 대통령은 오늘 말했다.", "US"),  # 바/이/든 here
])
def test_real_pipelines_find_names_their_tokenizer_splits(lang: str, text: str, country: str) -> None:
    nlp = build_nlp(lang)
    with nlp.select_pipes(enable=["cues", "countries"]):
        alone = nlp(text)
    with nlp.select_pipes(enable=["cues", "countries", "fill"]):
        filled = nlp(text)
    assert not any(s.label_ == country for s in alone.spans.get(COUNTRIES_KEY, []))  # the ruler alone misses
    assert any(s.label_ == country for s in filled.spans[COUNTRIES_KEY])


def test_reporters_question_is_read_with_the_fill() -> None:
    nlp = build_nlp("ja")
    doc = nlp.make_doc("これは断じて受け入れられない。")
    doc._.rdi_context = "李強首相の発言について伺います。"
    doc._.rdi_self = "JP"
    with nlp.select_pipes(enable=["sentencizer", "cues", "countries", "fill", "target"]):
        doc = nlp(doc)
    assert [(s._.rdi_target, s._.rdi_target_source) for s in doc.sents] == [("CN", "context")]


def test_fill_survives_to_disk_and_spacy_load(tmp_path) -> None:  # noqa: ANN001
    """The fill keeps no state of its own: after a round trip it reads the loaded rulers' patterns."""
    nlp = build_nlp("ja")
    text = "岸田総理大臣から李強首相に対し、懸念を伝えた。"
    with nlp.select_pipes(enable=["cues", "countries", "fill"]):
        before = nlp(text)
    nlp.to_disk(tmp_path / "ja", exclude=["framing"])  # no fitted classifier to save here
    loaded = spacy.load(tmp_path / "ja", exclude=["framing"])
    with loaded.select_pipes(enable=["cues", "countries", "fill"]):
        after = loaded(text)
    assert ("李強", "CN") in [(s.text, s.label_) for s in after.spans[COUNTRIES_KEY]]
    assert [(s.start, s.end, s.id_) for s in after.spans[COUNTRIES_KEY]] == [
        (s.start, s.end, s.id_) for s in before.spans[COUNTRIES_KEY]]


@pytest.mark.parametrize("words", [[], [" "], ["\n", "。"], ["18"]])
def test_empty_and_blank_docs_pass_through(words: list[str]) -> None:
    nlp = make([("申し入れ", "nationalist", "protest")], word_start=True, country_patterns=[("日朝", "KP", "pair_kp")])
    doc = run(nlp, words)
    assert found(doc) == [] and found(doc, COUNTRIES_KEY) == []
