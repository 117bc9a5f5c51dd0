"""nlp/vectorizers.py: vocabulary persisted as one string, and a transform that gives exactly scikit-learn's matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from nlp.model_io import ModelError, dump_model, load_model
from nlp.vectorizers import PACKED, SIZE, CompactCountVectorizer, CompactTfidfVectorizer

TEXTS = [
    "Japan must withdraw its unjust claim to Dokdo immediately.",
    "We welcome the trilateral cooperation of Japan, the ROK and the United States.",
    "独島は歴史的・地理的・国際法的に明白な韓国固有の領土である。",
    "竹島は日本固有の領土であり、極めて遺憾である。",
    "일본 정부는 역사를 직시해야 한다.",
]


@pytest.mark.parametrize(("compact", "plain", "kwargs"), [
    (CompactTfidfVectorizer, TfidfVectorizer, {"ngram_range": (1, 2), "sublinear_tf": True}),
    (CompactTfidfVectorizer, TfidfVectorizer, {"analyzer": "char", "ngram_range": (1, 3), "min_df": 2}),
    (CompactCountVectorizer, CountVectorizer, {"token_pattern": r"\S+", "binary": True}),
])
def test_skops_round_trip_gives_the_same_features(tmp_path: Path, compact, plain, kwargs) -> None:  # noqa: ANN001
    fitted = compact(**kwargs).fit(TEXTS)
    reference = plain(**kwargs).fit(TEXTS)
    dump_model(fitted, tmp_path / "v.skops")
    loaded = load_model(tmp_path / "v.skops")
    assert type(loaded) is compact
    assert loaded.vocabulary_ == reference.vocabulary_
    assert np.allclose(loaded.transform(TEXTS).toarray(), reference.transform(TEXTS).toarray())


def test_state_holds_one_string_not_a_dict() -> None:
    state = CompactTfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(TEXTS).__getstate__()
    assert "vocabulary_" not in state
    assert isinstance(state[PACKED], str)


def test_unfitted_vectorizer_stays_unfitted(tmp_path: Path) -> None:
    from sklearn.exceptions import NotFittedError

    assert PACKED not in CompactTfidfVectorizer().__getstate__()
    dump_model(CompactTfidfVectorizer(), tmp_path / "v.skops")
    with pytest.raises(NotFittedError):
        load_model(tmp_path / "v.skops").transform(TEXTS)


def test_term_with_the_separator_keeps_the_dict(tmp_path: Path) -> None:
    vec = CompactCountVectorizer(token_pattern=r"[^ ]+").fit(["a\x00b c"])
    state = vec.__getstate__()
    assert PACKED not in state and state["vocabulary_"] == {"a\x00b": 0, "c": 1}
    dump_model(vec, tmp_path / "v.skops")
    assert load_model(tmp_path / "v.skops").vocabulary_ == vec.vocabulary_


def test_packed_vocabulary_of_the_wrong_size_is_a_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vec = CompactCountVectorizer().fit(["alpha beta gamma"])
    original = CompactCountVectorizer.__getstate__

    def short_count(self):  # noqa: ANN001, ANN202 - a file written wrongly (or edited) claims one term more
        state = original(self)
        state[SIZE] += 1
        return state

    with monkeypatch.context() as m:
        m.setattr(CompactCountVectorizer, "__getstate__", short_count)
        dump_model(vec, tmp_path / "v.skops")
    with pytest.raises(ModelError, match="could not be loaded .*packed vocabulary holds 3 terms, expected 4"):
        load_model(tmp_path / "v.skops")


# --- the fast transform (FastCounts): exactly scikit-learn's matrix -------------------------------

def reference_counts(vec, docs) -> np.ndarray:  # noqa: ANN001
    """scikit-learn's own counting (``CountVectorizer._count_vocab``) with ``vec``'s vocabulary."""
    return CountVectorizer._count_vocab(vec, docs, fixed_vocab=True)[1]


def assert_same_matrix(fast, reference) -> None:  # noqa: ANN001
    fast, reference = fast.tocsr(), reference.tocsr()
    reference.sort_indices()
    assert fast.shape == reference.shape and fast.dtype == reference.dtype
    assert np.array_equal(fast.indptr, reference.indptr)
    assert np.array_equal(fast.indices, reference.indices)
    assert np.array_equal(fast.data, reference.data)


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, list[str]]:
    from nlp.corpus import load_corpus

    texts: dict[str, list[str]] = {}
    for row in load_corpus():
        texts.setdefault(row["lang"], []).append(row["text"])
    return {lang: rows[:6000] for lang, rows in texts.items()}


# the analyzers of the framing, target, severity and speaker models (nlp/classifiers.py)
MODEL_VECTORIZERS = [
    ("ko", {"analyzer": "char", "ngram_range": (1, 3), "min_df": 1}),
    ("ja", {"analyzer": "char", "ngram_range": (1, 3), "min_df": 2}),
    ("en", {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2}),
    ("en", {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2}),
    ("en", {"analyzer": "char_wb", "ngram_range": (2, 4)}),
]


@pytest.mark.parametrize(("lang", "kwargs"), MODEL_VECTORIZERS)
def test_fast_transform_is_scikit_learns_matrix_on_the_corpus(corpus_texts, lang, kwargs) -> None:  # noqa: ANN001
    texts = corpus_texts[lang]
    vec = CompactTfidfVectorizer(sublinear_tf=True, **kwargs).fit(texts[::2])
    held_out = texts[1::2]
    for start in range(0, len(held_out), 997):  # batches of the size the pipeline sends, and one odd
        batch = held_out[start:start + 997]
        assert_same_matrix(vec._count_vocab(batch, fixed_vocab=True)[1], reference_counts(vec, batch))
    assert vec._key_table() is not None  # the fast path ran, not scikit-learn's loop
    reference = TfidfVectorizer(sublinear_tf=True, **kwargs).fit(texts[::2])
    assert_same_matrix(vec.transform(held_out), reference.transform(held_out))


ODD_TEXTS = [
    "",
    " ",
    "a",
    "I",
    "Dokdo\u00a0\u00a0 is  Korean\tterritory.\n",
    "独島は韓国固有の領土である。",
    "독도는 대한민국 고유의 영토입니다 🇰🇷 😀",
    "lone surrogate \ud800 here",
    "ÉCOLE école e\u0301cole",
    "x" * 3000,
    "한ㆍ미ㆍ일 NOCUE R:regret L:nationalist",
]


@pytest.mark.parametrize("kwargs", [
    {"analyzer": "char", "ngram_range": (1, 3)},
    {"analyzer": "char", "ngram_range": (2, 3), "lowercase": False},
    {"analyzer": "char", "ngram_range": (3, 3), "strip_accents": "unicode"},
    {"analyzer": "char_wb", "ngram_range": (3, 5)},
    {"analyzer": "char_wb", "ngram_range": (4, 6)},  # padded one-letter words (" a ") are shorter
    {"analyzer": "char_wb", "ngram_range": (1, 2)},
    {"analyzer": "word", "ngram_range": (1, 1)},
    {"analyzer": "word", "ngram_range": (1, 3)},
    {"analyzer": "word", "ngram_range": (2, 2), "token_pattern": r"\S+"},
    {"analyzer": "word", "ngram_range": (1, 2), "stop_words": ["is", "the"]},  # scikit-learn's loop
    {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"[^.,]+"},  # words with spaces: its loop too
    {"analyzer": "char", "ngram_range": (1, 6)},  # six characters of a small alphabet fit in 63 bits
])
def test_fast_transform_on_odd_text(kwargs) -> None:  # noqa: ANN001
    vec = CompactCountVectorizer(**kwargs).fit(TEXTS + ODD_TEXTS)
    for docs in (ODD_TEXTS, ODD_TEXTS[:1], [], np.array(ODD_TEXTS, dtype=object), iter(ODD_TEXTS)):
        docs_list = list(docs)
        fast = vec.transform(docs_list if isinstance(docs, type(iter([]))) else docs)
        assert_same_matrix(fast, reference_counts(vec, docs_list))
    unseen = ["completely unseen words ZZZ", "全く新しい文字列", "ꙮ"]
    assert_same_matrix(vec.transform(unseen), reference_counts(vec, unseen))


def test_fast_transform_falls_back_where_it_cannot_pack_the_vocabulary() -> None:
    assert CompactCountVectorizer(ngram_range=(1, 2), stop_words=["the"]).fit(TEXTS)._key_table() is None
    kanji = ["".join(chr(0x4E00 + i) for i in range(k, k + 50)) for k in range(0, 5000, 50)]  # 13 bits a character
    six = CompactCountVectorizer(analyzer="char", ngram_range=(1, 6)).fit(kanji)
    assert six._key_table() is None  # 6 x 13 bits do not fit in 63: scikit-learn's loop
    assert_same_matrix(six.transform(kanji[:7]), reference_counts(six, kanji[:7]))
    assert CompactCountVectorizer(analyzer="char", ngram_range=(1, 4)).fit(kanji)._key_table() is not None
    assert CompactCountVectorizer(analyzer=str.split).fit(TEXTS)._key_table() is None
    assert CompactCountVectorizer(analyzer="char", ngram_range=(1, 3)).fit(TEXTS)._key_table() is not None


def test_key_table_is_rebuilt_after_a_refit_and_never_persisted(tmp_path: Path) -> None:
    vec = CompactTfidfVectorizer(analyzer="char", ngram_range=(1, 2)).fit(TEXTS[:2])
    vec.transform(TEXTS)
    vec.fit(TEXTS[2:])  # a new vocabulary: the old table would put counts in wrong columns
    assert_same_matrix(vec._count_vocab(TEXTS, fixed_vocab=True)[1], reference_counts(vec, TEXTS))
    assert "_fast_key_table" not in vec.__getstate__()
    dump_model(vec, tmp_path / "v.skops")
    loaded = load_model(tmp_path / "v.skops")
    assert np.allclose(loaded.transform(TEXTS).toarray(), vec.transform(TEXTS).toarray())


def test_words_with_spaces_are_counted_as_scikit_learn_counts_them() -> None:
    """A token pattern that lets a word hold a space makes "x y" both one word and two: the
    packed n-grams could not tell them apart, so scikit-learn's loop counts that batch."""
    texts = ["x y", "x,y", "z"]
    vec = CompactCountVectorizer(token_pattern=r"[^,]+", ngram_range=(1, 2)).fit(texts)
    assert_same_matrix(vec.transform(texts), reference_counts(vec, texts))
    assert vec.transform(["x y"]).toarray()[0, vec.vocabulary_["x y"]] == 1
