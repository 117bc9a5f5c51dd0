"""Score labelled rows with a Tagger: per label x language P/R/F1, Brier, confusion, target accuracy.

Each row is tagged as one unit; its context is the reporter's question, else the preceding rows
of its statement group (``nlp.corpus.unit_contexts``), so anaphoric rows resolve targets as they
would inside the whole statement. A row's
probability for a label is the maximum over its sentences, its flag is "any sentence flagged",
and its target is the resolver's target of the sentence most likely to be framed.
``unit_rates`` count the composite flag hostile = nationalist AND (history OR territory) with a
target, per statement group (``nlp.corpus.statement_keys``: the ``doc_id``, else the source URL and
date; a row with neither is its own unit).
``intervals`` give a 90 % percentile interval for each F1 and target accuracy from a bootstrap
that resamples statement groups, not sentences: sentences of one statement share a speaker,
topic and wording, so resampling them one by one would make the intervals too narrow.
A label x language cell with neither gold nor predicted positives has no precision, recall or
F1 (0 / 0): they are ``None`` (``null`` in ``rdi evaluate --json``, "n/a" in tables, see
:func:`metric_text`), as is its F1 interval, never 0, which would read as a tagger that misses
or invents every positive. A cell with positives on one side only keeps the usual 0 for the
precision or recall whose denominator is zero (F1 = 2tp / (2tp + fp + fn) = 0 is defined there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import ExitStack
from typing import Any

import numpy as np

from nlp.corpus import statement_keys, unit_contexts
from nlp.labels import LABELS, LANGS
from nlp.speakers import eval_unit_id
from nlp.tagger import Tagger, UnitInput
from nlp.unit_context import neighbour_probs


def predict_rows(tagger: Tagger, rows: list[dict[str, Any]], batch_size: int = 256) -> list[dict[str, Any]]:
    """Per-row predictions: ``p_<label>``, ``<label>`` flags, ``target``, ``severity``.

    Rows of one statement (a ``doc_id``, else a source URL and date, ``nlp.corpus.statement_keys``)
    are read together: when the model has a unit-context stage (nlp/unit_context.py), each such
    row is tagged carrying the first-stage probabilities of the statement's other rows, as ``rdi
    tag`` scores a whole unit. Those probabilities come from a first pass over these rows alone
    with the rescorer switched off (only their first stage is read), so each row goes through the
    transformer once.
    """
    contexts = unit_contexts(rows)
    staged = {lang for lang in {r["lang"] for r in rows}
              if tagger.nlp(lang).get_pipe("framing").context_estimator is not None}
    # Only rows of statements in a language with a unit-context stage carry neighbours.
    units_of = [(r["lang"], key) if key and r["lang"] in staged else None
                for r, key in zip(rows, statement_keys(rows), strict=True)]
    size = Counter(units_of)
    pieces = [i for i, g in enumerate(units_of) if g is not None and size[g] >= 2]
    neighbours: list[Any] = [None] * len(rows)
    if pieces:
        first = np.zeros((len(rows), len(LABELS)))
        with ExitStack() as stack:
            for lang in staged:
                nlp = tagger.nlp(lang)
                if "rescorer" in nlp.pipe_names:
                    stack.enter_context(nlp.select_pipes(disable=["rescorer"]))
            _, first[pieces] = _predict(tagger, [rows[i] for i in pieces], [contexts[i] for i in pieces],
                                        [None] * len(pieces), batch_size, ids=pieces)
        neighbours = neighbour_probs(first, units_of)
    preds, _ = _predict(tagger, rows, contexts, neighbours, batch_size)
    return preds


def _predict(tagger: Tagger, rows: list[dict[str, Any]], contexts: list[str | None],
             neighbours: list[Any], batch_size: int,
             ids: list[int] | None = None) -> tuple[list[dict[str, Any]], np.ndarray]:
    """One tagging pass over rows, each row its own doc (see :func:`predict_rows`); also returns
    each row's first-stage probabilities (before any unit-context re-scoring)."""
    ids = list(range(len(rows))) if ids is None else ids
    units = (
        UnitInput(unit_id=eval_unit_id(r, i), lang=r["lang"], text=r["text"], context=c, neighbours=n)
        for r, i, c, n in zip(rows, ids, contexts, neighbours, strict=True)
    )
    preds: list[dict[str, Any]] = []
    first = np.zeros((len(rows), len(LABELS)))
    for n, (_unit, doc) in enumerate(tagger.docs(units, batch_size=batch_size)):
        sents = [s for s in doc.sents if s._.rdi_probs is not None]
        pred: dict[str, Any] = {f"p_{k}": 0.0 for k in LABELS} | {k: False for k in LABELS}
        pred |= {"target": None, "severity": 0}
        if sents:
            first[n] = [max((s._.rdi_sentence_probs or s._.rdi_probs)[k] for s in sents) for k in LABELS]
            for k in LABELS:
                pred[f"p_{k}"] = max(s._.rdi_probs[k] for s in sents)
                pred[k] = any(s._.rdi_flags[k] for s in sents)
            best = max(sents, key=lambda s: max(s._.rdi_probs["nationalist"], s._.rdi_probs["conciliatory"]))
            pred["target"] = best._.rdi_target
            pred["severity"] = max(s._.rdi_severity for s in sents)
        preds.append(pred)
    return preds, first


def _prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1; all ``None`` without a gold or predicted positive (undefined)."""
    if not tp + fp + fn:
        return None, None, None
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def metric_text(value: float | None, digits: int = 3) -> str:
    """A precision, recall, F1 or accuracy for a table; "n/a" where it is undefined (``None``)."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def score(rows: list[dict[str, Any]], preds: list[dict[str, Any]], groups: list[str] | None = None) -> dict[str, Any]:
    """Metrics from gold rows and their predictions (see module docstring).

    ``groups`` (one statement id per row) replaces the rows' own statement keys for the intervals,
    for rows that were stripped of them (text-only evaluation).
    """
    langs = [lang for lang in LANGS if any(r["lang"] == lang for r in rows)]
    labels: dict[str, dict[str, Any]] = {k: {} for k in LABELS}
    brier: dict[str, dict[str, float]] = {k: {} for k in LABELS}
    confusion: dict[str, dict[str, dict[str, int]]] = {k: {} for k in LABELS}
    target_acc: dict[str, float | None] = {}
    severity_acc: dict[str, float | None] = {}
    for lang in langs:
        pairs = [(r, p) for r, p in zip(rows, preds, strict=True) if r["lang"] == lang]
        for k in LABELS:
            tp = sum(1 for r, p in pairs if r[k] and p[k])
            fp = sum(1 for r, p in pairs if not r[k] and p[k])
            fn = sum(1 for r, p in pairs if r[k] and not p[k])
            tn = len(pairs) - tp - fp - fn
            prec, rec, f1 = _prf(tp, fp, fn)
            labels[k][lang] = {"precision": _round(prec), "recall": _round(rec), "f1": _round(f1),
                               "support": tp + fn}
            brier[k][lang] = round(sum((p[f"p_{k}"] - int(r[k])) ** 2 for r, p in pairs) / len(pairs), 4)
            confusion[k][lang] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
        with_target = [(r, p) for r, p in pairs if r.get("target")]
        target_acc[lang] = (
            round(sum(1 for r, p in with_target if p["target"] == r["target"]) / len(with_target), 4)
            if with_target else None
        )
        sev = [(r, p) for r, p in pairs if r["nationalist"] and p["nationalist"] and r.get("severity") is not None]
        severity_acc[lang] = round(sum(1 for r, p in sev if p["severity"] == r["severity"]) / len(sev), 4) if sev else None
    return {
        "labels": labels,
        "target_accuracy": target_acc,
        "brier": brier,
        "confusion": confusion,
        "severity_accuracy": severity_acc,
        "unit_rates": unit_rates(rows, preds),
        "intervals": intervals(rows, preds, groups=groups),
        "n": {lang: sum(1 for r in rows if r["lang"] == lang) for lang in langs},
    }


INTERVAL_LEVEL = 0.90
RESAMPLES = 1000


def intervals(rows: list[dict[str, Any]], preds: list[dict[str, Any]], *, groups: list[str] | None = None,
              level: float = INTERVAL_LEVEL, resamples: int = RESAMPLES, seed: int = 0) -> dict[str, Any]:
    """Percentile intervals of every F1 and target accuracy, resampling statement groups.

    A statement group is ``groups[i]`` if given, else the row's statement key (``doc_id``, else
    source URL and date; a row without one is its own group). Each resample draws as many groups
    as there are, with replacement, and recomputes F1 = 2tp / (2tp + fp + fn) and the target
    accuracy from the summed counts; a resample in which F1 is undefined (no gold and no predicted
    positive drawn) is left out of that F1's interval, as one without a gold target is out of the
    target accuracy's. ``None`` where a language has no row with a target, and for the F1 of a
    cell without any gold or predicted positive. (``scipy.stats.bootstrap`` resamples
    observations, not clusters, hence the few lines here.)
    """
    rng = np.random.default_rng(seed)
    quantiles = [(1 - level) / 2, 1 - (1 - level) / 2]
    out: dict[str, Any] = {"level": level, "resamples": resamples,
                           "unit": "statement (doc_id, else source URL and date); else the row",
                           "f1": {k: {} for k in LABELS}, "target_accuracy": {}}

    def interval(values: np.ndarray) -> list[float] | None:
        if not len(values):
            return None
        return [round(float(q), 4) for q in np.quantile(values, quantiles)]

    own = statement_keys(rows)
    for lang in LANGS:
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        if not idx:
            continue
        keys = [(groups[i] if groups is not None else own[i]) or f"row-{i}" for i in idx]
        ids: dict[str, int] = {}
        group = np.array([ids.setdefault(key, len(ids)) for key in keys])
        weights = rng.multinomial(len(ids), np.full(len(ids), 1 / len(ids)), size=resamples)

        def resampled(flags: list[bool]) -> np.ndarray:
            """Per resample, the number of rows with the flag (``group`` sums x group draw counts)."""
            return weights @ np.bincount(group, weights=np.asarray(flags, dtype=float), minlength=len(ids))

        for k in LABELS:
            gold = [bool(rows[i][k]) for i in idx]
            pred = [bool(preds[i][k]) for i in idx]
            tp = resampled([g and p for g, p in zip(gold, pred, strict=True)])
            wrong = resampled([g != p for g, p in zip(gold, pred, strict=True)])  # fp + fn
            denom = 2 * tp + wrong
            out["f1"][k][lang] = interval(2 * tp[denom > 0] / denom[denom > 0])
        has_target = [bool(rows[i].get("target")) for i in idx]
        if not any(has_target):
            out["target_accuracy"][lang] = None
            continue
        total = resampled(has_target)
        right = resampled([t and preds[i]["target"] == rows[i]["target"] for t, i in zip(has_target, idx, strict=True)])
        out["target_accuracy"][lang] = interval(right[total > 0] / total[total > 0])
    return out


def interval_text(bounds: list[float] | None, digits: int = 3) -> str:
    """``lo–hi`` of an interval from :func:`intervals`; ``""`` when there is none."""
    return "" if not bounds else f"{bounds[0]:.{digits}f}–{bounds[1]:.{digits}f}"


def _hostile(nat: Any, hist: Any, terr: Any, target: Any) -> bool:
    return bool(nat) and (bool(hist) or bool(terr)) and target is not None


def unit_rates(rows: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Unit-level confusion counts of the composite hostile flag, per language."""
    gold: dict[tuple[str, str], bool] = defaultdict(bool)
    pred: dict[tuple[str, str], bool] = defaultdict(bool)
    for i, (r, p, own) in enumerate(zip(rows, preds, statement_keys(rows), strict=True)):
        key = (r["lang"], own or f"row-{i}")
        gold[key] |= _hostile(r["nationalist"], r["history"], r["territory"], r.get("target"))
        pred[key] |= _hostile(p["nationalist"], p["history"], p["territory"], p["target"])
    out: dict[str, dict[str, int]] = {}
    for (lang, _doc), g in gold.items():
        c = out.setdefault(lang, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        c[("t" if g == pred[(lang, _doc)] else "f") + ("p" if pred[(lang, _doc)] else "n")] += 1
    return out


def evaluate(tagger: Tagger, rows: Iterable[dict[str, Any]], batch_size: int = 256,
             groups: list[str] | None = None) -> dict[str, Any]:
    """Tag ``rows`` and return the full metrics dict (``labels`` and ``target_accuracy`` first)."""
    rows = list(rows)
    return score(rows, predict_rows(tagger, rows, batch_size=batch_size), groups=groups)


def public_view(metrics: dict[str, Any]) -> dict[str, Any]:
    """The ``rdi evaluate --json`` object: ``{"labels": ..., "target_accuracy": ...}``."""
    return {"labels": metrics["labels"], "target_accuracy": metrics["target_accuracy"]}
