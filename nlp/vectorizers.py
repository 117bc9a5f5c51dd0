"""Text vectorizers whose fitted vocabulary persists as one string instead of a dict.

scikit-learn keeps a fitted vocabulary as ``{term: column}``. skops writes a dict node per entry,
and its loader audits the tree twice (``get_untrusted_types``, then ``load``), so the framing
model's ~120,000 terms made loading it take about 10 s. These subclasses behave exactly like
their parents; only ``__getstate__`` / ``__setstate__`` differ: the terms are stored in column
order, joined by NUL, and the dict is rebuilt on load.
"""

from __future__ import annotations

from typing import Any

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

SEP = "\x00"
PACKED = "_vocabulary_terms"
SIZE = "_vocabulary_size"


def pack_vocabulary(state: dict[str, Any]) -> dict[str, Any]:
    """Replace ``vocabulary_`` by its terms in column order, joined by NUL (if no term holds a NUL)."""
    vocab = state.get("vocabulary_")
    if not isinstance(vocab, dict):
        return state
    terms = sorted(vocab, key=vocab.__getitem__)
    if any(SEP in t for t in terms) or [vocab[t] for t in terms] != list(range(len(terms))):
        return state  # not a plain 0..n-1 mapping of NUL-free terms: keep the dict as it is
    state = dict(state)
    del state["vocabulary_"]
    state[PACKED] = SEP.join(terms)
    state[SIZE] = len(terms)
    return state


def unpack_vocabulary(state: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`pack_vocabulary`."""
    if PACKED not in state:
        return state
    state = dict(state)
    packed, size = state.pop(PACKED), state.pop(SIZE)
    terms = packed.split(SEP) if size else []
    if len(terms) != size:
        raise ValueError(f"packed vocabulary holds {len(terms)} terms, expected {size}")
    state["vocabulary_"] = {t: i for i, t in enumerate(terms)}
    return state


class PackedVocabulary:
    """Mixin for a scikit-learn vectorizer: pickled state with the vocabulary packed (see module docstring)."""

    def __getstate__(self) -> dict[str, Any]:
        return pack_vocabulary(super().__getstate__())  # type: ignore[misc]

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(unpack_vocabulary(state))  # type: ignore[misc]


class CompactTfidfVectorizer(PackedVocabulary, TfidfVectorizer):
    """``TfidfVectorizer`` with a compactly persisted vocabulary."""


class CompactCountVectorizer(PackedVocabulary, CountVectorizer):
    """``CountVectorizer`` with a compactly persisted vocabulary."""
