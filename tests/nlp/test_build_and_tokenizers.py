"""Config-built pipelines (nothing downloaded) and the Korean MeCab tokenizer."""

from __future__ import annotations

import pytest
import spacy

from nlp.build import build_nlp, config_path
from nlp.tokenizers import MecabKoTokenizer


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
    assert type(nlp.tokenizer).__module__ == "spacy.lang.ja"
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
