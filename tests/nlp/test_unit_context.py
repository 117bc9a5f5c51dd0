"""The unit-context stage: features, the framing component's re-scoring, training and evaluation."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np
import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.labels import LABELS
from nlp.model_io import ModelError
from nlp.unit_context import build_context_model, grouped_features, n_features, neighbour_probs, unit_features
from tests.nlp.test_framing_classifier import blank_with_classifier

CONC = LABELS.index("conciliatory")
K = len(LABELS)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_unit_features_by_hand() -> None:
    probs = np.array([[0.5, 0.2, 0.1, 0.9], [0.2, 0.5, 0.5, 0.1], [0.8, 0.8, 0.2, 0.3]])
    f = unit_features(probs)
    assert f.shape == (3, n_features(K)) == (3, 23)
    # own logits, then the sentence before (none for the first), then the one after (none for the last)
    assert f[0, :K] == pytest.approx([logit(p) for p in probs[0]])
    assert f[0, K:2 * K].tolist() == [0.0] * K and f[0, 3 * K] == 0.0 and f[0, 3 * K + 1] == 1.0
    assert f[1, K:2 * K] == pytest.approx([logit(p) for p in probs[0]])
    assert f[1, 2 * K:3 * K] == pytest.approx([logit(p) for p in probs[2]])
    assert f[2, 2 * K:3 * K].tolist() == [0.0] * K and f[2, 3 * K + 1] == 0.0
    # max and mean of the other sentences, then log(unit length)
    assert f[1, 3 * K + 2:4 * K + 2] == pytest.approx([0.8, 0.8, 0.2, 0.9])
    assert f[1, 4 * K + 2:5 * K + 2] == pytest.approx([0.65, 0.5, 0.15, 0.6])
    assert f[:, -1] == pytest.approx([math.log(3)] * 3)


def test_a_lone_sentence_has_only_its_own_logits() -> None:
    f = unit_features(np.array([[0.5, 0.2, 0.1, 0.9]]))
    assert f[0, :K] == pytest.approx([0.0, logit(0.2), logit(0.1), logit(0.9)])
    assert f[0, K:].tolist() == [0.0] * (n_features(K) - K)


def test_grouped_features_and_neighbours_follow_the_groups() -> None:
    probs = np.array([[0.1] * 4, [0.2] * 4, [0.3] * 4, [0.4] * 4, [0.5] * 4])
    groups = ["a", None, "a", "b", "a"]
    feats, sizes = grouped_features(probs, groups)
    assert sizes.tolist() == [3, 1, 3, 1, 3]
    assert feats[[0, 2, 4]] == pytest.approx(unit_features(probs[[0, 2, 4]]))
    assert feats[1] == pytest.approx(unit_features(probs[[1]])[0])
    neighbours = neighbour_probs(probs, groups)
    assert neighbours[1] is None and neighbours[3] is None  # units of one row
    assert neighbours[0] == ([], [[0.3] * 4, [0.5] * 4])
    assert neighbours[2] == ([[0.1] * 4], [[0.5] * 4])
    assert neighbours[4] == ([[0.1] * 4, [0.3] * 4], [])


@functools.cache
def follows_the_previous_sentence():  # noqa: ANN201
    """A context model under which every label is on exactly when the sentence before was conciliatory."""
    rng = np.random.default_rng(0)
    feats, ys = [], []
    for _ in range(200):
        unit = rng.uniform(0.02, 0.98, size=(3, K))
        feats.append(unit_features(unit))
        y = np.zeros((3, K), dtype=int)
        y[1:, :] = (unit[:-1, CONC] > 0.5)[:, None]
        ys.append(y)
    return build_context_model().fit(np.vstack(feats), np.vstack(ys))


def with_context(pipe, labels=("conciliatory",)):  # noqa: ANN001, ANN201
    clf = pipe.get_pipe("rdi_framing_classifier")
    clf.set_model(clf.estimator, thresholds=clf.thresholds, default_targets=clf.default_targets,
                  context_estimator=follows_the_previous_sentence(), context_labels=labels,
                  context_thresholds={k: 0.5 for k in labels})
    return pipe


def test_sentences_of_a_unit_are_rescored_with_their_neighbours() -> None:
    doc = with_context(blank_with_classifier())("We welcome cooperation and a future-oriented partnership. "
                                                "The briefing starts at ten.")
    first, second = list(doc.sents)
    # first stage: the welcome is conciliatory, the timetable is not
    assert first._.rdi_sentence_probs["conciliatory"] > 0.5 > second._.rdi_sentence_probs["conciliatory"]
    # re-scored: the sentence after a conciliatory one is on, the first sentence (nothing before) is off
    assert second._.rdi_probs["conciliatory"] > 0.5 and second._.rdi_flags["conciliatory"]
    assert first._.rdi_probs["conciliatory"] < 0.5 and not first._.rdi_flags["conciliatory"]
    # labels the stage does not re-score keep the first stage
    for sent in (first, second):
        assert {k: sent._.rdi_probs[k] for k in LABELS if k != "conciliatory"} == \
            {k: sent._.rdi_sentence_probs[k] for k in LABELS if k != "conciliatory"}


def test_a_lone_sentence_keeps_its_first_stage_unless_it_has_neighbours() -> None:
    pipe = with_context(blank_with_classifier())
    alone = next(iter(pipe("The briefing starts at ten.").sents))
    assert alone._.rdi_sentence_probs is None and not alone._.rdi_flags["conciliatory"]
    doc = pipe.make_doc("The briefing starts at ten.")
    doc._.rdi_neighbours = ([[0.0, 0.0, 0.0, 0.95]], [])  # one piece of a unit: a welcome came before
    sent = next(iter(pipe(doc).sents))
    assert sent._.rdi_sentence_probs is not None and sent._.rdi_flags["conciliatory"]


def test_round_trip_keeps_the_unit_context_model(tmp_path: Path) -> None:
    pipe = with_context(blank_with_classifier())
    text = "We welcome cooperation and a future-oriented partnership. The briefing starts at ten."
    before = [s._.rdi_probs["conciliatory"] for s in pipe(text).sents]
    pipe.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "rdi_framing_classifier" / "context.skops").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    clf = loaded.get_pipe("rdi_framing_classifier")
    assert clf.context_labels == ["conciliatory"] and clf.context_thresholds == {"conciliatory": 0.5}
    assert [s._.rdi_probs["conciliatory"] for s in loaded(text).sents] == pytest.approx(before)


def test_round_trip_refuses_a_tampered_unit_context_model(tmp_path: Path) -> None:
    with_context(blank_with_classifier()).to_disk(tmp_path / "pipe")
    model = tmp_path / "pipe" / "rdi_framing_classifier" / "context.skops"
    model.write_bytes(model.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        spacy.load(tmp_path / "pipe")


def test_a_context_label_needs_a_threshold() -> None:
    clf = blank_with_classifier().get_pipe("rdi_framing_classifier")
    with pytest.raises(ModelError, match="without a threshold"):
        clf.set_model(clf.estimator, context_estimator=follows_the_previous_sentence(),
                      context_labels=["conciliatory"], context_thresholds={})


def _stacking_rows() -> tuple[list[dict], np.ndarray]:
    """40 statements of two rows. Conciliatory: in half of them both rows are, but the second
    (anaphoric) row scores low alone; the other labels the first stage already gets right."""
    rows, probs = [], []
    for i in range(40):
        kind_a = i % 2 == 0
        for j in range(2):
            labels = {"history": int(j == 0), "territory": int(j == 1 and not kind_a),
                      "nationalist": int(j == 1 and kind_a), "conciliatory": int(kind_a)}
            conc_p = (0.9 if j == 0 else 0.2) if kind_a else (0.1 if j == 0 else 0.2)
            probs.append([0.9 if labels["history"] else 0.1, 0.9 if labels["territory"] else 0.1,
                          0.9 if labels["nationalist"] else 0.1, conc_p])
            rows.append({"id": f"s-{i}-{j}", "text": f"Sentence {j} of statement {i}.", "lang": "en", **labels,
                         "target": "JP" if labels["nationalist"] or labels["conciliatory"] else None,
                         "doc_id": f"s-doc{i}", "split": "train"})
    return rows, np.array(probs)


def test_training_keeps_the_stage_only_for_labels_it_improves() -> None:
    from nlp.training import fit_unit_context

    rows, oof = _stacking_rows()
    model, info, _ = fit_unit_context("en", rows, oof)
    assert info["rows"] == 80 and info["statements"] == 40
    conc = info["oof"]["conciliatory"]
    assert conc["first_stage_f1"] == pytest.approx(2 / 3, abs=1e-3)  # only the first rows clear precision .85
    assert conc["unit_context_f1"] == 1.0
    assert info["labels"] == ["conciliatory"]  # the others were already perfect: nothing to gain
    assert model is not None and set(info["thresholds"]) == {"conciliatory"}


def test_training_drops_the_stage_when_it_gains_nothing() -> None:
    from nlp.training import fit_unit_context

    rows, oof = _stacking_rows()
    oof[:, CONC] = [0.9 if r["conciliatory"] else 0.1 for r in rows]  # the first stage is already right
    model, info, _ = fit_unit_context("en", rows, oof)
    assert model is None and info["labels"] == []


def test_training_drops_the_stage_when_it_wins_by_too_little() -> None:
    """Higher F1 on three rows is not a clear win: McNemar's z must reach 1.96."""
    from nlp.training import fit_unit_context

    rows, oof = _stacking_rows()
    missed = {f"s-{i}-1" for i in (0, 2, 4)}  # the only anaphoric rows the first stage still misses
    for i, r in enumerate(rows):
        if r["conciliatory"] and r["id"] not in missed:
            oof[i, CONC] = 0.9
    model, info, _ = fit_unit_context("en", rows, oof)
    conc = info["oof"]["conciliatory"]
    assert conc["unit_context_f1"] > conc["first_stage_f1"] and conc["mcnemar_z"] < 1.96
    assert model is None and info["labels"] == []


def test_training_drops_a_stage_that_only_reading_order_carries() -> None:
    """Statements of six rows: one row scores high alone, and the row after it is conciliatory too
    while scoring low. In reading order the stage gets every row right; with each statement's rows
    shuffled the "row before" means nothing, and it loses to the first stage."""
    from nlp.training import fit_unit_context

    rows, probs = [], []
    for i in range(60):
        high = i % 5
        for j in range(6):
            other = int(j == 0)  # the other labels, which the first stage already gets right
            probs.append([0.9 if other else 0.1] * 3 + [0.9 if j == high else 0.2])
            rows.append({"id": f"s-{i}-{j}", "text": "x", "lang": "en", "history": other, "territory": other,
                         "nationalist": other, "conciliatory": int(j in (high, high + 1)), "target": None,
                         "doc_id": f"d{i}", "split": "train"})
    model, info, _ = fit_unit_context("en", rows, np.array(probs))
    conc = info["oof"]["conciliatory"]
    assert conc["unit_context_f1"] == 1.0 and conc["mcnemar_z"] >= 1.96
    assert conc["unit_context_f1_shuffled"] < conc["first_stage_f1"]
    assert model is None and info["labels"] == []


def test_shuffled_features_keep_rows_in_place_and_statements_apart() -> None:
    from nlp.training import shuffled_features

    probs = np.array([[0.1] * 4, [0.5] * 4, [0.9] * 4, [0.3] * 4, [0.7] * 4])
    groups = ["a", "a", "a", "b", "b"]
    ordered, _ = grouped_features(probs, groups)
    shuffled = shuffled_features(probs, groups)
    assert np.allclose(shuffled[:, :4], ordered[:, :4])  # each row keeps its own scores
    assert np.allclose(shuffled[:, -1], ordered[:, -1])  # and its statement's length
    assert not np.allclose(shuffled, ordered)  # but its neighbours change
    assert np.array_equal(shuffled, shuffled_features(probs, groups))  # seeded


def test_trained_model_records_the_stage_in_metadata_and_card(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "metadata.json").read_text("utf-8"))
    for lang in ("en", "ja"):
        info = meta["unit_context"]["langs"][lang]
        assert set(info["oof"]) == set(LABELS)
        for label in info["labels"]:  # kept only where it beat the first stage out of fold, clearly
            assert info["oof"][label]["unit_context_f1"] > info["oof"][label]["first_stage_f1"]
            assert info["oof"][label]["mcnemar_z"] >= 1.96
    assert "Unit context" in (tiny_model / "MODEL_CARD.md").read_text("utf-8")


def test_evaluation_scores_rows_of_one_statement_together(tiny_model: Path) -> None:
    from nlp.evaluation import predict_rows
    from nlp.tagger import load_tagger

    tagger = load_tagger(tiny_model)
    clf = tagger.nlp("en").get_pipe("framing")
    clf.set_model(clf.estimator, thresholds=clf.thresholds, default_targets=clf.default_targets,
                  context_estimator=follows_the_previous_sentence(), context_labels=["conciliatory"],
                  context_thresholds={"conciliatory": 0.5})
    welcome, neutral = "We welcome cooperation and a future-oriented partnership.", "The briefing starts at ten."
    base = {"lang": "en", "history": 0, "territory": 0, "nationalist": 0, "target": None}
    rows = [{**base, "text": welcome, "conciliatory": 1}, {**base, "text": neutral, "conciliatory": 0}]
    alone = predict_rows(tagger, rows)
    together = predict_rows(tagger, [{**r, "doc_id": "d1"} for r in rows])
    assert alone[0]["conciliatory"] and not alone[1]["conciliatory"]  # each row scored by itself
    assert together[1]["conciliatory"] and not together[0]["conciliatory"]  # re-scored inside the statement
    # An outside file's rows carry no doc_id, but their provenance says which were said together.
    url = "https://www.mofa.go.jp/press/kaiken/kaiken4e_000001.html"
    same_page = predict_rows(tagger, [{**r, "source_url": url, "source_date": "2024-05-01"} for r in rows])
    days_apart = predict_rows(tagger, [{**r, "source_url": url, "source_date": f"2024-05-0{i + 1}"}
                                       for i, r in enumerate(rows)])
    assert same_page == together
    assert days_apart == alone


def test_tagger_attaches_the_unit_context_training_kept(tiny_tagger) -> None:  # noqa: ANN001
    infos = tiny_tagger.metadata["unit_context"]["langs"]
    for lang in ("en", "ja"):
        framing = tiny_tagger.nlp(lang).get_pipe("framing")
        assert framing.context_labels == infos[lang]["labels"]
        assert framing.context_thresholds == infos[lang]["thresholds"]
        assert (framing.context_estimator is not None) == bool(infos[lang]["labels"])


def test_a_model_saved_before_the_stage_scores_sentences_alone(tiny_model_with_stage: Path, tmp_path: Path) -> None:
    import shutil

    from nlp.tagger import UnitInput, load_tagger

    from nlp.model_io import dump_model, load_model

    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_with_stage, copy)
    meta = json.loads((copy / "metadata.json").read_text("utf-8"))
    estimators = load_model(copy / "model.skops", expected_sha256=meta["sha256"])
    assert "context:en" in estimators
    del meta["unit_context"]
    meta["sha256"] = dump_model({k: v for k, v in estimators.items() if not k.startswith("context:")},
                                copy / "model.skops")
    (copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    tagger = load_tagger(copy)
    assert tagger.nlp("en").get_pipe("framing").context_estimator is None
    doc = next(tagger.docs([UnitInput("u1", "en", "We welcome the partnership. Thank you.")]))[1]
    assert all(s._.rdi_sentence_probs is None for s in doc.sents)


def test_a_stage_fitted_on_another_feature_layout_is_refused(tiny_model_with_stage: Path, tmp_path: Path) -> None:
    import shutil

    from nlp.tagger import load_tagger

    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_with_stage, copy)
    meta = json.loads((copy / "metadata.json").read_text("utf-8"))
    assert meta["unit_context"]["langs"]["en"]["labels"]  # the tiny model keeps the stage in English
    meta["unit_context"]["features_version"] = 0
    (copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match="feature layout 0"):
        load_tagger(copy).nlp("en")
