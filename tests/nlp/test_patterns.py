"""Every lexicon rule matches its own example sentence and not its near-miss (nlp/patterns/*.jsonl)."""

from __future__ import annotations

import json

import pytest

from nlp.labels import COUNTRIES_KEY, CUES_KEY, LABELS, LANGS
from nlp.patterns import PATTERN_DIR, PatternFileError, read_rules

KINDS = (*LABELS, "target")
CASES = [(lang, kind, rule) for lang in LANGS for kind in KINDS for rule in read_rules(kind, lang)]


@pytest.fixture(scope="module")
def rulers():  # noqa: ANN201
    from nlp.build import build_nlp

    out = {}
    for lang in LANGS:
        nlp = build_nlp(lang)
        out[lang] = nlp
    return out


def _ids(nlp, text: str, key: str) -> set[str]:  # noqa: ANN001
    with nlp.select_pipes(enable=["sentencizer", "cues", "countries"]):
        doc = nlp(text)
    return {span.id_ for span in doc.spans[key]}


@pytest.mark.parametrize(("lang", "kind", "rule"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2].id}" for c in CASES])
def test_rule_hits_its_example_and_not_its_near_miss(rulers, lang, kind, rule) -> None:  # noqa: ANN001
    key = COUNTRIES_KEY if kind == "target" else CUES_KEY
    assert rule.id in _ids(rulers[lang], rule.hit, key), f"{rule.id} misses its hit: {rule.hit}"
    assert rule.id not in _ids(rulers[lang], rule.miss, key), f"{rule.id} fires on its near-miss: {rule.miss}"


def test_every_label_has_rules_in_every_language() -> None:
    for lang in LANGS:
        for kind in KINDS:
            assert len(read_rules(kind, lang)) >= 5, (kind, lang)


def test_required_spelling_variants_are_covered() -> None:
    patterns = {
        lang: {p for kind in KINDS for r in read_rules(kind, lang) for p in r.patterns} for lang in LANGS
    }
    for term in ("Dokdo", "Liancourt Rocks", "Takeshima", "comfort women", "sexual slavery", "forced labor", "Yasukuni", "regret"):
        assert term.lower() in {p.lower() for p in patterns["en"]}, term
    for term in ("独島", "竹島", "慰安婦", "旧朝鮮半島出身労働者", "強制徴用", "靖国", "教科書", "遺憾", "隣国", "韓国側"):
        assert term in patterns["ja"], term
    for term in ("독도", "다케시마", "위안부", "강제징용", "야스쿠니", "교과서", "유감", "일본 측"):
        assert term in patterns["ko"], term


def test_malformed_rule_file_gives_one_line_error(tmp_path) -> None:  # noqa: ANN001
    bad = {"id": "x", "label": "nationalist", "patterns": ["protest"], "hit": "a", "miss": "b"}
    (tmp_path / "nationalist.en.jsonl").write_text(json.dumps(bad) + "\n", "utf-8")
    with pytest.raises(PatternFileError, match=r"nationalist.en.jsonl:1: nationalist rules need severity"):
        read_rules("nationalist", "en", tmp_path)


def test_duplicate_rule_id_is_rejected(tmp_path) -> None:  # noqa: ANN001
    rule = {"id": "dup", "label": "history", "patterns": ["x"], "hit": "x", "miss": "y"}
    (tmp_path / "history.en.jsonl").write_text((json.dumps(rule) + "\n") * 2, "utf-8")
    with pytest.raises(PatternFileError, match="duplicate rule id 'dup'"):
        read_rules("history", "en", tmp_path)


def test_pattern_dir_holds_one_file_per_label_and_language() -> None:
    names = {p.name for p in PATTERN_DIR.glob("*.jsonl")}
    assert names == {f"{k}.{lang}.jsonl" for k in KINDS for lang in LANGS}


def country_labels(nlp, text: str) -> set[str]:  # noqa: ANN001
    """Countries the gazetteer (with the lexicon fill) finds in ``text``."""
    with nlp.select_pipes(enable=[n for n in ("cues", "countries", "fill") if n in nlp.pipe_names]):
        doc = nlp(text)
    return {s.label_ for s in doc.spans[COUNTRIES_KEY]}


@pytest.mark.parametrize(("lang", "text", "country"), [
    ("en", "Secretary Bessent met Minister Akazawa on tariffs.", "US"),
    ("en", "We lodged a protest with Ambassador Wu Jianghao.", "CN"),
    ("en", "Chief Cabinet Secretary Kihara said so.", "JP"),
    ("ja", "ラトニック商務長官と協議した。", "US"),
    ("ja", "趙顕外交部長官と会談した。", "KR"),
    ("ja", "薛剣駐大阪総領事の投稿は極めて不適切だ。", "CN"),
    ("ko", "러트닉 장관과 협의했다.", "US"),
    ("ko", "기하라 관방장관의 발언에 유감을 표명한다.", "JP"),
    ("ko", "최선희 외무상의 담화는 도발이다.", "KP"),
    ("ko", "랜다우 부장관이 방문했을 때 이 문제를 얘기했다.", "US"),
])
def test_officials_of_2025_and_2026_are_in_the_gazetteers(rulers, lang: str, text: str, country: str) -> None:  # noqa: ANN001
    """Leaders and ministers who took office in 2025-2026 name their country (the resolver's input)."""
    assert country in country_labels(rulers[lang], text)


@pytest.mark.parametrize(("lang", "text", "country", "not_country"), [
    ("ja", "朝鮮半島出身の徴用者を含めて完全かつ最終的に解決済みである。", "KR", "KP"),
    ("ja", "朝鮮半島の完全な非核化を求める。", "KP", "KR"),
    ("ko", "한반도 출신 노동자 문제에 대한 일본의 설명은 불충분하다.", "JP", "KP"),
])
def test_wartime_labour_from_the_peninsula_is_about_korea_not_the_north(rulers, lang: str, text: str, country: str,  # noqa: ANN001
                                                                         not_country: str) -> None:
    """Japan's term for the wartime labourers (朝鮮半島出身労働者) names the peninsula; the longer
    phrase wins over the North Korea topic 朝鮮半島 / 한반도."""
    labels = country_labels(rulers[lang], text)
    assert country in labels and not_country not in labels


@pytest.mark.parametrize(("lang", "text", "country"), [
    ("ko", "추가 도발에 대비해 만전을 기하라", "JP"),      # 기하라 "make sure", not Kihara
    ("ko", "조현병 치료 예산을 늘린다.", "KR"),             # 조현병, not Cho Hyun
    ("ko", "다이빙 선수단이 입국했다.", "CN"),              # diving, not Ambassador Dai Bing
    ("ja", "中谷さんが会見に出席した。", "JP"),             # a surname, not Defense Minister Nakatani
])
def test_officials_names_that_are_also_words_need_their_title(rulers, lang: str, text: str, country: str) -> None:  # noqa: ANN001
    assert country not in country_labels(rulers[lang], text)


def test_lexicons_are_written_as_the_tagger_reads_text() -> None:
    """A phrase the text reading changes (an en dash, a full-width letter) would be a second copy of
    another, or dead: the committed lexicons list each phrase once, as read (nlp/text.py)."""
    from nlp.text import tagger_text

    changed = []
    for path in sorted(PATTERN_DIR.glob("*.jsonl")):
        lang = path.name.split(".")[-2]
        for line in path.read_text("utf-8").splitlines():
            for p in json.loads(line)["patterns"] if line.strip() else ():
                if tagger_text(p, lang) != p:
                    changed.append((path.name, p))
    assert changed == []


def test_a_dash_spelling_in_an_older_lexicon_is_read_as_a_hyphen(tmp_path) -> None:  # noqa: ANN001
    """An older model's copy of the gazetteer listed "Korea–Japan" beside "Korea-Japan": both are
    read as one phrase, and an en dash in the text matches it."""
    rule = {"id": "pair_jp", "label": "JP", "patterns": ["Korea-Japan", "Korea\u2013Japan"],
            "hit": "Korea\u2013Japan ties.", "miss": "Korea ties."}
    (tmp_path / "target.en.jsonl").write_text(json.dumps(rule) + "\n", "utf-8")
    assert read_rules("target", "en", tmp_path)[0].patterns == ("Korea-Japan",)
