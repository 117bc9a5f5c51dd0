"""rdi_speaker_guesser on spacy.blank, its disk round trip, and fitting it in training."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.classifiers import build_speaker_pipeline
from nlp.model_io import ModelError

TEXTS = [
    ("Japan lodged a strong protest and stated Japan's position.", "JP"),
    ("The Government of Japan welcomes the visit to Japan.", "JP"),
    ("Our alliance with the United States is ironclad, said the ROK government.", "KR"),
    ("The Korean government urges Japan to face history.", "KR"),
    ("The American people stand with our allies.", "US"),
    ("The United States commitment to our allies is ironclad.", "US"),
] * 3


@functools.cache
def fitted():  # noqa: ANN201
    return build_speaker_pipeline().fit([t for t, _ in TEXTS], [c for _, c in TEXTS])


def blank(min_proba: float = 0.0, model: bool = True):  # noqa: ANN201
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    guesser = pipe.add_pipe("rdi_speaker_guesser", config={"min_proba": min_proba})
    if model:
        guesser.set_model(fitted())
    return pipe


def guess(pipe, text: str, own: str | None = None) -> str | None:  # noqa: ANN001
    doc = pipe.make_doc(text)
    doc._.rdi_self = own
    return pipe(doc)._.rdi_speaker_guess


def test_guesses_the_speaker_from_the_text() -> None:
    pipe = blank()
    assert guess(pipe, "Japan's position is unchanged and Japan lodged a protest.") == "JP"
    assert guess(pipe, "The American people stand with our allies.") == "US"


def test_known_speaker_or_low_confidence_leaves_no_guess() -> None:
    assert guess(blank(), "Japan's position is unchanged.", own="KR") is None
    assert guess(blank(min_proba=1.01), "Japan's position is unchanged.") is None


def test_without_a_model_it_does_nothing() -> None:
    assert guess(blank(model=False), "Japan's position is unchanged.") is None


def test_to_disk_round_trip_and_tampered_file(tmp_path: Path) -> None:
    pipe = blank(min_proba=0.4)
    pipe.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.get_pipe("rdi_speaker_guesser").min_proba == 0.4
    text = "Japan's position is unchanged and Japan lodged a protest."
    assert guess(loaded, text) == guess(pipe, text) == "JP"
    model_file = tmp_path / "p" / "rdi_speaker_guesser" / "model.skops"
    model_file.write_bytes(model_file.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError):
        spacy.load(tmp_path / "p")


def test_fit_speaker_reports_out_of_fold_accuracy_or_skips() -> None:
    from nlp.training import fit_speaker

    urls = {"JP": "https://www.mofa.go.jp/a", "KR": "https://www.mofa.go.kr/a", "US": "https://www.state.gov/a"}
    rows = [{"id": f"en-{i}", "text": t, "source_url": urls[c], "speaker": None, "doc_id": f"d{i}", "split": "train"}
            for i, (t, c) in enumerate(TEXTS * 2)]
    model, info, guesses = fit_speaker("en", rows)
    assert set(model.classes_) == {"JP", "KR", "US"}
    assert info["rows"] == len(rows) and 0.0 <= info["oof_accuracy"] <= 1.0
    # Out-of-fold guesses, only those at or above the confidence bar, keyed by row id.
    assert set(guesses) <= {r["id"] for r in rows} and set(guesses.values()) <= {"JP", "KR", "US"}
    assert len(guesses) == round(info["oof_coverage_at_min_proba"] * len(rows))
    only_japan = [r for r in rows if "go.jp" in r["source_url"]]
    model, info, guesses = fit_speaker("en", only_japan)
    assert model is None and "skipped" in info and guesses == {}


@pytest.mark.parametrize("quote", [("\u201c", "\u201d"), ('"', '"'), ("\u300c", "\u300d")])
def test_a_unit_quoted_whole_is_guessed_as_its_words(quote: tuple[str, str]) -> None:
    """Quote marks around a whole unit do not say who speaks; the guess must not depend on them (with
    them, the shipped model's English targets changed on .013 of the test rows quoted whole)."""
    plain = "Japan's position is unchanged and Japan lodged a protest."
    proba = fitted().predict_proba([plain]).max()
    pipe = blank(min_proba=proba)  # a guess exactly at the plain text's probability
    assert guess(pipe, plain) == "JP"
    assert guess(pipe, quote[0] + plain + quote[1]) == "JP"
