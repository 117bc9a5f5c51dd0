"""Config-built pipelines (nothing downloaded), the Korean MeCab tokenizer and the lean Japanese tokenizer."""

from __future__ import annotations

import pytest
import spacy

from nlp.build import build_nlp, config_path
from nlp.corpus import load_corpus
from nlp.tokenizers import MecabKoTokenizer, SudachiJaTokenizer


@pytest.mark.parametrize("lang", ["en", "ja", "ko"])
def test_pipeline_comes_from_its_config(lang: str) -> None:
    nlp = build_nlp(lang)
    cfg = spacy.util.load_config(config_path(lang))
    assert nlp.pipe_names == cfg["nlp"]["pipeline"]
    assert nlp.lang == lang


def test_japanese_uses_sudachi_and_splits_on_japanese_punctuation() -> None:
    nlp = build_nlp("ja")
    with nlp.select_pipes(enable=["sentencizer"]):
        doc = nlp("竹島は日本固有の領土です。韓国に抗議しました！本当ですか？")
    assert isinstance(nlp.tokenizer, SudachiJaTokenizer)
    assert [s.text for s in doc.sents] == ["竹島は日本固有の領土です。", "韓国に抗議しました！", "本当ですか？"]


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        build_nlp("fr")


@pytest.mark.parametrize(
    "text",
    ["정부는 일본 측에 강력히 항의했다.", "  독도는  우리 땅\n입니다 ", "", "ASCII only 123", "한미일 3국 협력"],
)
def test_korean_tokenizer_keeps_the_text_exactly(text: str) -> None:
    doc = MecabKoTokenizer(spacy.blank("en").vocab)(text)
    assert doc.text == text


def test_korean_tokenizer_splits_particles() -> None:
    doc = MecabKoTokenizer(spacy.blank("en").vocab)("독도는 일본 측에")
    assert [t.text for t in doc] == ["독도", "는", "일본", "측", "에"]


def _spacy_japanese() -> spacy.language.Language:
    """spaCy's own Japanese tokenizer in rdi's split mode: the reference the lean tokenizer must match."""
    return spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.ja.JapaneseTokenizer", "split_mode": "A"}}})


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "竹島は日本固有の領土です。", "  二重  空白\n\n改行 ", "竹島 は\u3000日本", "靖國神社…参拝", "a  b", "ASCII only 123"],
)
def test_japanese_tokenizer_matches_spacy_on_edge_cases(text: str) -> None:
    reference = _spacy_japanese()
    lean = SudachiJaTokenizer(reference.vocab, "A")
    doc = lean(text)
    assert doc.text == text
    assert _tokens(doc) == _tokens(reference.make_doc(text))


def test_japanese_tokenizer_matches_spacy_on_the_corpus() -> None:
    """Same words, spaces and NORM (what the cue patterns match) as spaCy's tokenizer, sentence by sentence."""
    reference = _spacy_japanese()
    lean = SudachiJaTokenizer(reference.vocab, "A")
    # Every third Japanese text (about 5,000 of 15,200, spread over every part file), not all, to keep
    # the suite inside CI's ten minutes.
    texts = [r["text"] for r in load_corpus(langs=("ja",))][::3]
    assert len(texts) > 4000
    mismatches = [t for t in texts if _tokens(lean(t)) != _tokens(reference.make_doc(t))]
    assert mismatches == []
    assert any(t.norm_ != t.text for t in lean("靖國神社に參拜した。"))  # variant spellings normalise


def test_japanese_tokenizer_survives_a_disk_round_trip(tmp_path) -> None:  # noqa: ANN001
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "rdi.ja_sudachi_tokenizer.v1", "split_mode": "A"}}})
    nlp.to_disk(tmp_path / "ja")
    loaded = spacy.load(tmp_path / "ja")
    assert isinstance(loaded.tokenizer, SudachiJaTokenizer)
    assert loaded.tokenizer.split_mode == "A"
    assert _tokens(loaded("竹島は日本固有の領土です。")) == _tokens(nlp("竹島は日本固有の領土です。"))
