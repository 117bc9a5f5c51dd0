"""nlp/transformer_training.py: fine-tuning, the band rule, the keep rule, and a model trained with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from nlp import transformer_training
from nlp.labels import LABELS
from nlp.model_io import ModelError
from nlp.tagger import UnitInput, load_tagger
from nlp.transformer_training import (
    RescorerError,
    RescorerSettings,
    band_mix,
    fit_rescorer,
    keep_rule,
)

ROW = {"dev_f1_before": 0.70, "dev_f1_after": 0.75, "mcnemar_z": 3.0, "threshold_rule": "max_f1_at_precision>=0.85",
       "lone_sentences_f1_not_worse": True}


def test_band_mix_by_hand() -> None:
    base = np.array([0.1, 0.2, 0.5, 0.79, 0.8, 0.95])
    own = np.array([0.9, 0.6, 0.1, 0.01, 0.0, 0.0])
    expected = [0.1, 0.4, 0.3, 0.4, 0.8, 0.95]
    assert band_mix(base, own, RescorerSettings(band=(0.2, 0.8))).tolist() == pytest.approx(expected)
    assert band_mix(base, own, RescorerSettings(weight=1.0, band=(0.0, 1.0))).tolist() == pytest.approx(own.tolist())


@pytest.mark.parametrize(("change", "kept"), [({}, True), ({"dev_f1_after": 0.70}, False), ({"mcnemar_z": 1.5}, False),
                                              ({"threshold_rule": "max_f1_fallback"}, False),
                                              ({"lone_sentences_f1_not_worse": False}, False)])
def test_keep_rule(change: dict, kept: bool) -> None:
    assert keep_rule({**ROW, **change}) is kept


def test_the_base_model_must_be_the_official_files(monkeypatch: pytest.MonkeyPatch) -> None:
    assert transformer_training.base_dir().is_dir()
    monkeypatch.setitem(transformer_training.OFFICIAL_SHA256, "model.safetensors", "0" * 64)
    with pytest.raises(RescorerError, match="not the official all-MiniLM-L6-v2 file"):
        transformer_training.base_dir()


def test_too_few_dev_positives_skip_before_any_fine_tuning(tmp_path: Path) -> None:
    rows = [{"text": f"s{i}", "lang": "en", "split": "dev" if i % 4 == 0 else "train", "doc_id": f"d{i}",
             **{k: int(i % 8 == 0) for k in LABELS}} for i in range(40)]
    info = fit_rescorer("en", rows, np.zeros((40, 4)), None, {}, RescorerSettings(), tmp_path / "r")
    assert info["used"] is False and "fewer than 20 dev positives" in info["skipped"]
    assert not (tmp_path / "r").exists()


def test_fine_tuned_encoder_learns_the_training_labels(tiny_rescorer: Path) -> None:
    from nlp.components.transformer_rescorer import TransformerRescorer
    from tests.nlp.conftest import FRAMING_TEXTS, rescorer_cfg

    scorer = TransformerRescorer(None, "r")  # type: ignore[arg-type]
    scorer.set_model(tiny_rescorer, rescorer_cfg(tiny_rescorer))
    texts = [t for t, _ in FRAMING_TEXTS[:4]]
    Y = np.array([y for _, y in FRAMING_TEXTS[:4]])
    probs = scorer.predict(texts)
    assert ((probs >= 0.5) == Y).mean() >= 0.75  # 16 rows, 3 epochs: most of its own training labels


def test_model_records_and_attaches_the_rescorer(tiny_model_with_rescorer: Path) -> None:
    meta = json.loads((tiny_model_with_rescorer / "metadata.json").read_text("utf-8"))
    info, cfg = meta["rescorer"]["langs"]["en"], meta["rescorer"]["attached"]["en"]
    assert info["settings"]["layers"] == 1 and set(info["labels"]) == {"nationalist", "conciliatory"}
    assert cfg["dir"] == "rescorer/en" and (tiny_model_with_rescorer / "rescorer" / "en" / "encoder.int8.onnx").is_file()
    for label in cfg["labels"]:
        assert cfg["thresholds"][label] == info["labels"][label]["threshold"]
    tagger = load_tagger(tiny_model_with_rescorer)
    assert tagger.nlp("en").get_pipe("rescorer").labels == cfg["labels"]


def test_tagger_mixes_the_transformer_into_uncertain_sentences(tiny_model_with_rescorer: Path) -> None:
    tagger = load_tagger(tiny_model_with_rescorer)
    nlp = tagger.nlp("en")
    rescorer = nlp.get_pipe("rescorer")
    text = ("We welcome cooperation, but we protest the claim. Talks will continue. "
            "Dokdo is our territory. We thank our partners for their help.")
    tags = list(tagger.tag([UnitInput("u1", "en", text)]))
    with nlp.select_pipes(disable=["rescorer", "aim", "severity"]):
        doc = nlp(text)
    first = [s._.rdi_probs for s in doc.sents]
    own = rescorer.predict([s.text for s in doc.sents])
    lo, hi = rescorer.cfg["band"]
    mixed = 0
    for tag, base, mine in zip(tags, first, own, strict=True):
        for label in LABELS:
            p = base[label]
            if label in rescorer.labels and lo <= p < hi:
                p = 0.5 * p + 0.5 * mine[LABELS.index(label)]
                mixed += 1
            assert getattr(tag, f"p_{label}") == pytest.approx(p, abs=1e-6)
            if label in rescorer.labels:
                assert getattr(tag, label) == (p >= rescorer.cfg["thresholds"][label])
    assert mixed > 0  # the example must exercise the band


def test_a_tampered_rescorer_file_is_refused_at_load(tiny_model_with_rescorer: Path, tmp_path: Path) -> None:
    rescorer_copy = Path(shutil.copytree(tiny_model_with_rescorer, tmp_path / "copy"))
    path = rescorer_copy / "rescorer" / "en" / "tokenizer.json"
    path.write_text(path.read_text("utf-8").replace("[UNK]", "[UNKNOWN]"), "utf-8")
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        load_tagger(rescorer_copy)


def test_a_missing_rescorer_file_is_refused_at_load(tiny_model_with_rescorer: Path, tmp_path: Path) -> None:
    rescorer_copy = Path(shutil.copytree(tiny_model_with_rescorer, tmp_path / "copy"))
    (rescorer_copy / "rescorer" / "en" / "encoder.int8.onnx").unlink()
    with pytest.raises(ModelError, match="is missing"):
        load_tagger(rescorer_copy)


def test_a_model_without_the_rescorer_leaves_the_stage_empty(tiny_tagger) -> None:  # noqa: ANN001
    assert tiny_tagger.metadata["rescorer"]["attached"] == {}
    assert "skipped" in tiny_tagger.metadata["rescorer"]["langs"]["en"]
    assert tiny_tagger.nlp("en").get_pipe("rescorer").labels == []


def test_evaluation_reads_each_row_through_the_transformer_once(tiny_model_with_rescorer: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Rows of one statement are tagged twice (the neighbours' first stage, then the row with its
    # neighbours); only the second pass needs the rescorer.
    from nlp.evaluation import predict_rows
    from nlp.unit_context import neighbour_probs
    from tests.nlp.test_unit_context import follows_the_previous_sentence

    tagger = load_tagger(tiny_model_with_rescorer)
    nlp = tagger.nlp("en")
    clf = nlp.get_pipe("framing")
    clf.set_model(clf.estimator, thresholds=clf.thresholds, default_targets=clf.default_targets,
                  target_estimator=clf.target_estimator, target_uses=clf.target_uses,
                  context_estimator=follows_the_previous_sentence(), context_labels=["conciliatory"],
                  context_thresholds={"conciliatory": 0.5})
    rescorer = nlp.get_pipe("rescorer")
    monkeypatch.setitem(rescorer.cfg, "band", [0.0, 1.01])  # every sentence is read
    read: list[str] = []
    predict = rescorer.predict
    monkeypatch.setattr(rescorer, "predict", lambda texts: read.extend(texts) or predict(texts))
    base = {"lang": "en", "history": 0, "territory": 0, "nationalist": 0, "conciliatory": 0, "target": None}
    texts = ["We welcome cooperation and a future-oriented partnership.", "We protest the claim.",
             "Talks will continue.", "We thank our partners."]
    rows = [{**base, "text": t, "doc_id": "d1" if i < 3 else "d2"} for i, t in enumerate(texts)]
    preds = predict_rows(tagger, rows)
    assert sorted(read) == sorted(texts)  # each row once
    # The same as tagging each row of d1 with its neighbours' first stage (rescorer off) by hand.
    with nlp.select_pipes(disable=["rescorer"]):
        first = np.array([[max(s._.rdi_probs[k] for s in nlp(t).sents) for k in LABELS] for t in texts[:3]])
    for i, neighbours in enumerate(neighbour_probs(first, ["d1"] * 3)):
        unit = UnitInput(f"u{i}", "en", texts[i], context=" ".join(texts[:i]) or None, neighbours=neighbours)
        [(_, doc)] = list(tagger.docs([unit]))
        sent = next(iter(doc.sents))
        assert preds[i]["p_conciliatory"] == pytest.approx(sent._.rdi_probs["conciliatory"], abs=1e-9)
        assert preds[i]["conciliatory"] == sent._.rdi_flags["conciliatory"]
