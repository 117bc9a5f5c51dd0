"""Coder agreement on the annotated corpus: how reproducible the labels are from the codebook.

A seeded random sample of whole test-split statements was coded a second time, independently
and from ``ANNOTATION.md`` alone, without sight of the corpus labels. The study file
(``nlp/corpus/reliability/second-coding.jsonl``) keeps, per sentence, the first coding as it
stood when the second was made (``first``) and the second (``second``), so that later
adjudications in the corpus do not change the agreement reported.

Per language and field this module gives Krippendorff's alpha (PyPI ``krippendorff``: nominal
for the four labels and the target, ``null`` a category; ordinal for severity) with the
methodology §6.6 verdict, the raw percentage of agreement, and for the labels the F1 of one coder
against the other (F1 is symmetric in the two coders). That F1 is the ceiling to read a tagger's
F1 against: a tagger cannot be expected to agree with the first coder more than a second coder
following the same codebook does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from nlp.corpus import CORPUS_DIR, CorpusError, check_labels
from nlp.jsonl import json_lines
from nlp.labels import LABELS, LANGS, SEVERITIES, TARGETS

STUDY_FILE = CORPUS_DIR / "reliability" / "second-coding.jsonl"
FIELDS: dict[str, str] = {**{k: "nominal" for k in LABELS}, "target": "nominal", "severity": "ordinal"}
TARGET_CODES = {t: i for i, t in enumerate((*TARGETS, None))}  # nominal codes, null a category


def verdict(value: float | None) -> str:
    """publishable (alpha >= 0.80), provisional (>= 0.667), unreliable, or n/a (methodology §6.6)."""
    if value is None:
        return "n/a"
    return "publishable" if value >= 0.80 else "provisional" if value >= 0.667 else "unreliable"


def alpha(matrix: np.ndarray, level: str) -> float | None:
    """Krippendorff's alpha of a coders x units matrix (NaN = not coded); None if undefined.

    Undefined when fewer than two coders, no unit coded twice, or a single value overall
    (no variation to disagree about).
    """
    import krippendorff

    if matrix.shape[0] < 2:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    values = matrix[:, pairable]
    if not pairable.any() or len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=values, level_of_measurement=level))


def check_coding(coding: Any, where: str) -> dict[str, Any]:
    """Validate one coding (the four labels 0/1, target, severity) against the codebook's constraints."""
    if not isinstance(coding, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    check_labels(coding, where)
    target = coding.get("target")
    if (target is not None) != bool(coding["nationalist"] or coding["conciliatory"]):
        raise CorpusError(f"{where}: a target is set exactly when nationalist or conciliatory is 1")
    severity = coding.get("severity", 0)
    if severity not in SEVERITIES or (severity and not coding["nationalist"]):
        raise CorpusError(f"{where}: severity must be 0-3, and 0 unless nationalist is 1")
    return {**{k: int(coding[k]) for k in LABELS}, "target": target, "severity": int(severity)}


def read_study(path: Path = STUDY_FILE) -> list[dict[str, Any]]:
    """Read and validate a study file: rows ``{"id", "lang", "first": {...}, "second": {...}}``."""
    rows, seen = [], set()
    for where, obj in json_lines(path, CorpusError):
        if not isinstance(obj, dict) or obj.get("lang") not in LANGS or not obj.get("id"):
            raise CorpusError(f"{where}: expected an object with 'id' and 'lang' in {LANGS}")
        if obj["id"] in seen:
            raise CorpusError(f"{where}: duplicate id {obj['id']!r}")
        seen.add(obj["id"])
        rows.append({**obj, "first": check_coding(obj.get("first"), f"{where} first"),
                     "second": check_coding(obj.get("second"), f"{where} second")})
    if not rows:
        raise CorpusError(f"{path}: no rows")
    return rows


def _code(coding: dict[str, Any], field: str) -> float:
    return float(TARGET_CODES[coding["target"]] if field == "target" else coding[field])


def _f1(a: Iterable[int], b: Iterable[int]) -> float | None:
    """F1 of codings ``b`` against ``a`` (symmetric); None when neither coder marked a positive."""
    pairs = list(zip(a, b, strict=True))
    tp = sum(1 for x, y in pairs if x and y)
    marked = sum(x for x, _ in pairs) + sum(y for _, y in pairs)
    return 2 * tp / marked if marked else None


def agreement(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per language and field: ``alpha``, ``verdict``, ``agree`` (share of rows coded alike), ``units``.

    Labels also get ``f1`` (one coder against the other) and ``positives`` (first, second).
    The target gets ``agree_framed``: agreement on the rows both coders framed (gave a target),
    the counterpart of a tagger's target accuracy.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for lang in LANGS:
        sub = [r for r in rows if r["lang"] == lang]
        if not sub:
            continue
        per: dict[str, dict[str, Any]] = {}
        for field, level in FIELDS.items():
            matrix = np.array([[_code(r[c], field) for r in sub] for c in ("first", "second")])
            value = alpha(matrix, level)
            cell: dict[str, Any] = {
                "alpha": None if value is None else round(value, 4), "verdict": verdict(value),
                "agree": round(float(np.mean(matrix[0] == matrix[1])), 4), "units": len(sub)}
            if field in LABELS:
                first, second = [r["first"][field] for r in sub], [r["second"][field] for r in sub]
                f1 = _f1(first, second)
                cell |= {"f1": None if f1 is None else round(f1, 4), "positives": [sum(first), sum(second)]}
            if field == "target":
                both = [r for r in sub if r["first"]["target"] and r["second"]["target"]]
                cell["agree_framed"] = (round(sum(r["first"]["target"] == r["second"]["target"] for r in both)
                                              / len(both), 4) if both else None)
                cell["framed_units"] = len(both)
            per[field] = cell
        out[lang] = per
    return out


def study_path(corpus_dir: Path = CORPUS_DIR) -> Path:
    """Where the study file of a corpus folder lives."""
    return corpus_dir / STUDY_FILE.relative_to(CORPUS_DIR)


def sample_rows(study: list[dict[str, Any]], corpus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The corpus rows of the study, carrying the first coding's labels (the reference both the
    second coder and a tagger are scored against). A study id missing from the corpus is an error."""
    by_id = {r["id"]: r for r in corpus}
    missing = [s["id"] for s in study if s["id"] not in by_id]
    if missing:
        raise CorpusError(f"reliability study: {len(missing)} id(s) not in the corpus, e.g. {missing[0]!r}")
    return [{**by_id[s["id"]], **s["first"]} for s in study]


def coder_and_tagger(tagger: Any, study_file: Path, corpus: list[dict[str, Any]]) -> dict[str, Any]:
    """The study beside a tagger (a model's ``metadata.json`` → ``agreement``): coder agreement, and
    the tagger's F1 and target accuracy against the first coding on the same sentences, with
    speaker and question as the coders saw them."""
    from nlp.evaluation import evaluate

    study = read_study(study_file)
    metrics = evaluate(tagger, sample_rows(study, corpus))
    return {
        "file": study_file.name,
        "sha256": hashlib.sha256(study_file.read_bytes()).hexdigest(),
        "coders": agreement(study),
        "tagger": {"labels": metrics["labels"], "target_accuracy": metrics["target_accuracy"]},
    }
