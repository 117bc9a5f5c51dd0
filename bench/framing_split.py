"""What the framing trials in bench/ share: a language's train+dev pool and its test split as
classifier rows (test as bare text), the statement folds of ``rdi train``, and the F1 cells they
print (out of fold / test, thresholds by the production rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from nlp.features import feature_rows
from nlp.labels import LABELS
from nlp.training import choose_threshold, row_spans, statement_folds


@dataclass
class FramingSplit:
    """One language's rows: ``Xp``/``Yp`` train+dev, ``Xt``/``Yt`` test (bare text), ``folds``."""

    pool: list[dict[str, Any]]
    test: list[dict[str, Any]]
    Xp: np.ndarray
    Xt: np.ndarray
    Yp: np.ndarray
    Yt: np.ndarray
    folds: Any


def framing_split(lang: str, rows: list[dict[str, Any]], nlp: Any = None) -> FramingSplit:
    """The split of ``lang`` from corpus rows (``load_corpus()``); ``nlp`` a pipeline of ``lang``
    to read them with (default: the one its config builds)."""
    pool = [r for r in rows if r["lang"] == lang and r["split"] != "test"]
    test = [r for r in rows if r["lang"] == lang and r["split"] == "test"]
    Xp = feature_rows(row_spans(lang, pool, nlp=nlp))
    Xt = feature_rows(row_spans(lang, test, text_only=True, nlp=nlp))
    Yp = np.array([[r[k] for k in LABELS] for r in pool])
    Yt = np.array([[r[k] for k in LABELS] for r in test])
    return FramingSplit(pool, test, Xp, Xt, Yp, Yt, statement_folds(Xp, Yp, [r["doc_id"] for r in pool]))


def f1_cells(split: FramingSplit, oof: np.ndarray, on_test: np.ndarray) -> str:
    """``label oof/test`` F1 per label, the threshold chosen out of fold as production does."""
    cells = []
    for j, label in enumerate(LABELS):
        choice = choose_threshold(split.Yp[:, j], oof[:, j])
        on_split = f1_score(split.Yt[:, j], on_test[:, j] >= choice["threshold"], zero_division=0)
        cells.append(f"{label} {choice['dev_f1']:.3f}/{on_split:.3f}")
    return "; ".join(cells)
