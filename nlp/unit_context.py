"""The unit-context stage: re-score a sentence's framing with the sentences around it.

Much framing is carried by the statement rather than the sentence: "Think of that: four times
higher." is a complaint only after the sentence on tariffs before it, and "We will never forget
it." is history only inside a liberation address. The first stage (the framing classifier) reads
one sentence at a time; this stage stacks its probabilities with those of the neighbouring
sentences of the same unit (statement or answer turn) in a small per-label logistic regression,
fitted by ``rdi train`` on out-of-fold first-stage probabilities (nlp/training.py
``fit_unit_context``). It is used only for sentences of units of two sentences or more; a lone
sentence (a row of an external evaluation file) keeps its first-stage score. MEASUREMENTS §28.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy.special import logit
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier

#: The other sentences of a unit around one piece of it: (before, after), each a list of
#: first-stage probability rows (``Doc._.rdi_neighbours``).
Neighbours = tuple[list[list[float]], list[list[float]]]

#: Layout of :func:`unit_features`. A model records it (``metadata.json`` → ``unit_context``)
#: and the tagger refuses a model whose stage was fitted on another layout: bump it with any
#: change to the features.
FEATURES_VERSION = 1

#: Regularisation of the stacking regression (out-of-fold F1 was the same at C = 0.1 and 1).
CONTEXT_C = 0.1
_EPS = 1e-4


def _logit(p: np.ndarray) -> np.ndarray:
    return logit(np.clip(p, _EPS, 1 - _EPS))


def units(groups: Sequence[Hashable | None]) -> list[list[int]]:
    """Row indices of each unit, in row order; a row whose group is None is a unit of its own."""
    members: dict[Hashable, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(("row", i) if group is None else ("group", group), []).append(i)
    return list(members.values())


def unit_features(probs: np.ndarray) -> np.ndarray:
    """Features of every sentence of one unit from the unit's first-stage probabilities.

    ``probs`` is (sentences x labels) in reading order. Per sentence: its own logits, the
    logits of the sentence before and after (zero where there is none) with two indicators, the
    maximum and mean probability of the unit's other sentences, and log(unit length).
    """
    probs = np.asarray(probs, dtype=float)
    n, k = probs.shape
    logits = _logit(probs)
    out = np.zeros((n, n_features(k)))
    out[:, :k] = logits
    if n > 1:
        out[1:, k:2 * k] = logits[:-1]
        out[:-1, 2 * k:3 * k] = logits[1:]
        out[1:, 3 * k] = 1.0
        out[:-1, 3 * k + 1] = 1.0
        # the maximum of the others is the unit's maximum, except on the row holding it
        top = probs.argmax(axis=0)
        cols = np.arange(k)
        masked = probs.copy()
        masked[top, cols] = -np.inf
        others_max = np.broadcast_to(probs.max(axis=0), (n, k)).copy()
        others_max[top, cols] = masked.max(axis=0)
        out[:, 3 * k + 2:4 * k + 2] = others_max
        out[:, 4 * k + 2:5 * k + 2] = (probs.sum(axis=0) - probs) / (n - 1)
    out[:, 5 * k + 2] = np.log(n)
    return out


def n_features(n_labels: int) -> int:
    """Width of :func:`unit_features` rows for ``n_labels`` labels."""
    return 5 * n_labels + 3


def grouped_features(probs: np.ndarray, groups: Sequence[Hashable | None]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`unit_features` of rows grouped into units by ``groups`` (row order = reading order).

    A row whose group is None is a unit of its own. Returns the features and, per row, the size
    of its unit.
    """
    probs = np.asarray(probs, dtype=float)
    feats = np.zeros((len(probs), n_features(probs.shape[1])))
    sizes = np.zeros(len(probs), dtype=int)
    for idx in units(groups):
        feats[idx] = unit_features(probs[idx])
        sizes[idx] = len(idx)
    return feats, sizes


def build_context_model(random_state: int = 0) -> MultiOutputClassifier:
    """The stacking model: one logistic regression per label over :func:`unit_features`."""
    return MultiOutputClassifier(LogisticRegression(C=CONTEXT_C, max_iter=3000, random_state=random_state))


def neighbour_probs(probs: np.ndarray, groups: Sequence[Hashable | None]) -> list[Neighbours | None]:
    """For each row, the first-stage probabilities of the other rows of its unit before and after
    it (``None`` for a row that is a unit of its own): what ``Doc._.rdi_neighbours`` carries when
    rows of one statement are tagged one at a time (nlp/evaluation.py)."""
    out: list[Neighbours | None] = [None] * len(probs)
    rows = np.asarray(probs, dtype=float).tolist()
    for idx in units(groups):
        if len(idx) < 2:
            continue
        for pos, i in enumerate(idx):
            out[i] = ([rows[j] for j in idx[:pos]], [rows[j] for j in idx[pos + 1:]])
    return out
