"""Text vectorizers whose fitted vocabulary persists as one string, and that transform faster.

scikit-learn keeps a fitted vocabulary as ``{term: column}``. skops writes a dict node per entry,
and its loader audits the tree twice (``get_untrusted_types``, then ``load``), so the framing
model's ~120,000 terms made loading it take about 10 s. These subclasses persist like their
parents except that ``__getstate__`` / ``__setstate__`` store the terms in column order, joined
by NUL, and rebuild the dict on load.

scikit-learn's ``transform`` loops over every n-gram in Python: for a Korean sentence about 55 µs
per model, and the framing, target and severity models each transform it, which made it the
largest stage of the pipeline (nlp/MEASUREMENTS.md §32). :class:`FastCounts` gives the same
matrix from array operations, three to four times faster.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

try:  # the sparse type scikit-learn's config asks for (csr_matrix unless set otherwise)
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # a scikit-learn without the setting: its vectorizers return csr_matrix
    def _align_api_if_sparse(X: Any) -> Any:  # noqa: N803 - scikit-learn's name
        return sp.csr_matrix(X)

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


def _symbols(text: str) -> np.ndarray:
    """The code points of ``text`` as int64 (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _keys(ranks: np.ndarray, n: int, bits: int) -> np.ndarray:
    """One int64 per run of ``n`` consecutive symbol ranks, ``bits`` bits per symbol."""
    keys = ranks[: len(ranks) - n + 1].copy()
    for j in range(1, n):
        keys = (keys << bits) | ranks[j : len(ranks) - n + 1 + j]
    return keys


class _KeyTable:
    """A fitted vocabulary as integers: each term is a sequence of symbols (characters, or words
    for ``analyzer="word"``), each symbol its rank in the vocabulary's alphabet (from 1), and a
    term of ``n`` symbols the ranks packed into one int64. A symbol outside the alphabet is 0,
    which no term holds, so an n-gram with one is never found."""

    def __init__(self, alphabet: np.ndarray | dict[str, int], bits: int,
                 by_length: dict[int, tuple[pa.Array, np.ndarray]]) -> None:
        self.alphabet = alphabet  # sorted code points (characters) or {word: rank} (words)
        self.bits = bits
        self.by_length = by_length  # n -> (keys of the n-symbol terms, their columns)

    @classmethod
    def build(cls, vocabulary: dict[str, int], words: bool, max_n: int) -> _KeyTable | None:
        """The table of ``vocabulary``, or ``None`` when its terms do not fit in 63 bits."""
        split = {term: term.split(" ") if words else term for term in vocabulary}
        if words:
            alphabet: Any = {w: i + 1 for i, w in enumerate(sorted({w for parts in split.values() for w in parts}))}
        else:
            alphabet = np.unique(_symbols("".join(vocabulary)))
        bits = max(1, len(alphabet).bit_length())
        longest = max((len(parts) for parts in split.values()), default=1)
        if longest > max_n or longest * bits > 63:
            return None
        groups: dict[int, list[str]] = {}
        for term, parts in split.items():
            groups.setdefault(len(parts), []).append(term)
        table = cls(alphabet, bits, {})
        for n, terms in groups.items():
            if words:
                ranks = np.fromiter((alphabet[w] for t in terms for w in split[t]), np.int64)
            else:
                ranks = table.ranks(_symbols("".join(terms)))
            ranks = ranks.reshape(-1, n)
            keys = np.zeros(len(terms), dtype=np.int64)
            for j in range(n):
                keys = (keys << bits) | ranks[:, j]
            table.by_length[n] = (pa.array(keys, type=pa.int64()),
                                  np.fromiter(map(vocabulary.__getitem__, terms), np.int64, len(terms)))
        return table

    def ranks(self, codes: np.ndarray) -> np.ndarray:
        """Ranks (from 1; 0 outside the alphabet) of an array of code points."""
        alphabet = self.alphabet
        at = np.searchsorted(alphabet, codes)
        at[at == len(alphabet)] = 0
        return np.where(alphabet[at] == codes, at + 1, 0) if len(alphabet) else np.zeros_like(codes)

    def word_ranks(self, words: list[str]) -> np.ndarray:
        """Ranks (from 1; 0 outside the alphabet) of a list of words."""
        return np.fromiter(map(self.alphabet.get, words, repeat(0)), np.int64, len(words))


class FastCounts:
    """Mixin for a scikit-learn vectorizer: ``transform`` from array operations instead of a
    Python loop per n-gram, for the ``"char"``, ``"char_wb"`` and ``"word"`` analyzers.

    Every text is first read exactly as scikit-learn reads it (its own decoder, preprocessor and
    tokenizer, white space runs made one space; for ``char_wb`` each word padded with a space on
    both sides). Its symbols (characters, or words) become ranks in the vocabulary's alphabet, each
    window of ``n`` symbols one integer (:class:`_KeyTable`), and the integers of a whole batch are
    looked up among the vocabulary's in one hashed ``index_in`` (pyarrow) per n-gram length. The
    matrix is exactly scikit-learn's: same counts, indices sorted (``tests/nlp/test_vectorizers.py``
    checks it on the corpus of every language). Fitting, stop words, custom analyzers and
    vocabularies whose n-grams do not fit in 63 bits are scikit-learn's own code. The table is
    worked out once per fitted vocabulary and never persisted.
    """

    _TABLE = "_fast_key_table"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())  # type: ignore[misc]
        state.pop(self._TABLE, None)
        return state

    def _key_table(self) -> _KeyTable | None:
        vocabulary = self.vocabulary_  # type: ignore[attr-defined]
        cached = getattr(self, self._TABLE, None)
        if cached is not None and cached[0] is vocabulary:
            return cached[1]
        table = None
        if self.analyzer in ("char", "char_wb", "word") and self.stop_words is None:  # type: ignore[attr-defined]
            table = _KeyTable.build(vocabulary, self.analyzer == "word", self.ngram_range[1])  # type: ignore[attr-defined]
        setattr(self, self._TABLE, (vocabulary, table))
        return table

    def _pieces(self, raw_documents: Any, table: _KeyTable) -> tuple[np.ndarray, np.ndarray, list[int]] | None:
        """The symbol ranks of every piece n-grams are read within (a text; a padded word for
        ``char_wb``), one array for the batch, the piece lengths and each piece's row; ``None``
        when a word holds a space (a custom token pattern), which would make n-grams ambiguous."""
        decode = self.decode  # type: ignore[attr-defined]
        preprocess = self.build_preprocessor()  # type: ignore[attr-defined]
        spaces = self._white_spaces  # type: ignore[attr-defined]
        if self.analyzer == "word":  # type: ignore[attr-defined]
            tokenize = self.build_tokenizer()  # type: ignore[attr-defined]
            docs = [tokenize(preprocess(decode(doc))) for doc in raw_documents]
            words = [w for doc_words in docs for w in doc_words]
            if " " in "".join(words):
                return None
            return table.word_ranks(words), np.fromiter(map(len, docs), np.int64, len(docs)), [1] * len(docs)
        texts = [spaces.sub(" ", preprocess(decode(doc))) for doc in raw_documents]
        if self.analyzer == "char_wb":  # type: ignore[attr-defined]
            pieces: list[str] = []
            rows: list[int] = []  # words per text
            for text in texts:
                words = text.split()
                rows.append(len(words))
                pieces.extend(words)
            lengths = np.fromiter(map(len, pieces), np.int64, len(pieces)) + 2
            return table.ranks(_symbols("".join(f" {w} " for w in pieces))), lengths, rows
        return table.ranks(_symbols("".join(texts))), np.fromiter(map(len, texts), np.int64, len(texts)), [1] * len(texts)

    def _count_vocab(self, raw_documents: Any, fixed_vocab: bool) -> tuple[dict[str, int], Any]:
        table = self._key_table() if fixed_vocab else None
        if table is None:
            return super()._count_vocab(raw_documents, fixed_vocab)  # type: ignore[misc]
        if isinstance(raw_documents, np.ndarray):
            raw_documents = raw_documents.tolist()
        else:
            raw_documents = list(raw_documents)
        pieces = self._pieces(raw_documents, table)
        if pieces is None:
            return super()._count_vocab(raw_documents, fixed_vocab)  # type: ignore[misc]
        ranks, lengths, per_row = pieces
        piece_row = np.repeat(np.arange(len(per_row)), per_row)
        ends = np.cumsum(lengths)
        row_of = np.repeat(piece_row, lengths)
        end_of = np.repeat(ends, lengths)  # where the piece of each position ends
        min_n, max_n = self.ngram_range  # type: ignore[attr-defined]
        rows, cols = [], []

        def look_up(keys: np.ndarray, key_rows: np.ndarray, n: int) -> None:
            if n not in table.by_length or not len(keys):
                return
            vocab_keys, vocab_cols = table.by_length[n]
            at = pc.fill_null(pc.index_in(pa.array(keys), value_set=vocab_keys), -1).to_numpy()
            known = at >= 0
            rows.append(key_rows[known])
            cols.append(vocab_cols[at[known]])

        for n in range(min_n, max_n + 1):
            if len(ranks) < n:
                break
            keys = _keys(ranks, n, table.bits)
            inside = np.arange(len(keys)) + n <= end_of[: len(keys)]  # no n-gram across two pieces
            look_up(keys[inside], row_of[: len(keys)][inside], n)
        if self.analyzer == "char_wb":  # type: ignore[attr-defined]
            # a padded word shorter than the shortest n-gram counts once, whole
            starts = ends - lengths
            for n in range(1, min_n):
                short = np.flatnonzero(lengths == n)
                if len(short):
                    at = starts[short]
                    look_up(_keys(ranks, n, table.bits)[at], piece_row[short], n)
        width = len(self.vocabulary_)  # type: ignore[attr-defined]
        cells = np.concatenate(rows) * width + np.concatenate(cols) if rows else np.zeros(0, np.int64)
        cells, counts = np.unique(cells, return_counts=True)  # sorted by row, then column
        indptr = np.searchsorted(cells, np.arange(len(raw_documents) + 1) * width)
        X = sp.csr_array((counts.astype(self.dtype), (cells % width).astype(np.int32), indptr.astype(np.int32)),  # type: ignore[attr-defined]
                         shape=(len(raw_documents), width))
        return self.vocabulary_, _align_api_if_sparse(X)


class CompactTfidfVectorizer(PackedVocabulary, FastCounts, TfidfVectorizer):
    """``TfidfVectorizer`` with a compactly persisted vocabulary and a fast transform."""


class CompactCountVectorizer(PackedVocabulary, FastCounts, CountVectorizer):
    """``CountVectorizer`` with a compactly persisted vocabulary and a fast transform."""
