"""``rdi_lexicon_fill``: lexicon phrases the span rulers miss because the tokenizer cut them otherwise.

The span rulers match a phrase on whole tokens: a pattern is tokenized once, on its own, and
matches only where the text is cut the same way. Japanese and Korean tokenizers cut a word by its
context, so a phrase often is cut one way alone and another way in a sentence: 申し入れ is one
token alone but 申し/入れ before まし; 非核化 is 非/核/化 after の; 한미동맹 is one token alone but
한미/동맹 before 은; 金正恩, 바이든 and 기시다 are split into syllables in some sentences. On the
corpus the rulers missed 243 such occurrences in Japanese and 998 in Korean (nlp/MEASUREMENTS.md
§31), among them the protest cue 申し入れ, 일본군, 영유권 and the partners 한미 and 대한민국.

This component runs after the rulers and adds, for every string pattern of each ruler, the
occurrences whose first and last characters fall on token boundaries and that no span of the same
rule covers yet: the phrase as characters, whatever the cut inside it. The same rule id and label
are written as the ruler's own match, and the ruler's spans filter (the gazetteer's
first-longest) is applied again. Three guards keep the near-misses out:

- a match right after a digit is a date or a count, not a phrase ("18日朝" is the 18th, morning);
- with ``word_start`` (Korean, which writes spaces between words), a match must begin a word:
  화해 "reconciliation" is not in 활성화해 "activate";
- with ``ko_negation`` (Korean), a match ending in 지 before 않- or 못- is a verb's negation
  (-지 않다, -지 못하다), not the noun: 지지 "support" is not in 지지 않을 "will not lose".

English needs none of this: its rulers match lower-cased whole words, and its tokenizer does not
cut a word differently by context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from nlp.features import doc_text

# After a Korean verb stem + 지, the negating auxiliary: 지지 않을 "will not lose", 지지 못한 "could not
# bear"; not 못지않다 "no less than", which follows the noun (굳건한 지지 못지않게).
KO_NEGATION = re.compile(r" ?(?:않|못(?!지 ?않))")


@Language.factory(
    "rdi_lexicon_fill",
    requires=["doc.spans"],
    assigns=["doc.spans"],
    default_config={"rulers": ["cues", "countries"], "word_start": False, "ko_negation": False},
)
def make_lexicon_fill(nlp: Language, name: str, *, rulers: list[str], word_start: bool,
                      ko_negation: bool) -> LexiconFill:
    """Build the component; ``rulers`` name the pipeline's span rulers whose patterns it completes."""
    return LexiconFill(nlp, name, rulers=rulers, word_start=word_start, ko_negation=ko_negation)


# The rulers' string patterns: first character -> [(length, phrase -> [(ruler, label, rule id)])],
# lengths longest first.
Index = dict[str, list[tuple[int, dict[str, list[tuple[str, str, str]]]]]]


class LexiconFill:
    """Add the token-aligned occurrences of the rulers' phrases that the rulers missed."""

    def __init__(self, nlp: Language, name: str, *, rulers: list[str], word_start: bool,
                 ko_negation: bool = False) -> None:
        self.nlp = nlp
        self.name = name
        self.rulers = list(rulers)
        self.word_start = word_start
        self.ko_negation = ko_negation
        self._index: Index = {}
        self._sizes: tuple[int, ...] = ()

    def _ruler(self, name: str) -> SpanRuler:
        ruler = self.nlp.get_pipe(name)
        if not isinstance(ruler, SpanRuler):
            raise ValueError(f"{self.name}: pipe {name!r} is not a span_ruler")
        return ruler

    def _build_index(self) -> Index:
        """The rulers' string patterns by first character, then by length (longest first):
        phrase -> [(ruler, label, rule id)]."""
        by_first: dict[str, dict[int, dict[str, set[tuple[str, str, str]]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(set)))
        for name in self.rulers:
            for p in self._ruler(name).patterns:
                phrase = p.get("pattern")
                if isinstance(phrase, str) and phrase.strip():
                    by_first[phrase[0]][len(phrase)][phrase].add((name, str(p["label"]), str(p.get("id") or "")))
        return {c: [(n, {ph: sorted(v) for ph, v in phrases.items()}) for n, phrases in sorted(by_len.items(), reverse=True)]
                for c, by_len in by_first.items()}

    def __call__(self, doc: Doc) -> Doc:
        return self.fill(doc)

    def fill(self, doc: Doc, rulers: Iterable[str] | None = None) -> Doc:
        """Add the missed phrases of ``rulers`` (default: all this component completes) to ``doc``."""
        sizes = tuple(len(self._ruler(name)) for name in self.rulers)
        if sizes != self._sizes:  # the rulers' patterns were set or changed since the index was read
            self._index, self._sizes = self._build_index(), sizes
        wanted = set(self.rulers if rulers is None else rulers)
        for name, found in self._occurrences(doc, wanted).items():
            ruler = self._ruler(name)
            old = list(doc.spans[ruler.key]) if ruler.key in doc.spans else []
            have = [(s.start, s.end, s.id_) for s in old]
            exact = set(have)  # most occurrences are the ruler's own matches
            new = [Span(doc, start, end, label=label, span_id=rule) for start, end, label, rule in found
                   if (start, end, rule) not in exact
                   and not any(r == rule and a <= start and end <= b for a, b, r in have)]
            if not new:
                continue
            spans = [*old, *new]
            if ruler.spans_filter is not None:
                spans = ruler.spans_filter(spans, [])
            doc.spans[ruler.key] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _occurrences(self, doc: Doc, wanted: set[str]) -> dict[str, list[tuple[int, int, str, str]]]:
        """Per ruler, every occurrence of its phrases on token boundaries (start and end token,
        label, rule id), covered by the ruler or not: one pass over the token starts."""
        text = doc_text(doc)
        offsets = doc.to_array([IDX, LENGTH]).tolist()  # offsets without a Token object per token
        start_tok = {idx: i for i, (idx, _n) in enumerate(offsets)}
        end_tok = {idx + n: i + 1 for i, (idx, n) in enumerate(offsets)}
        out: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        for i, start in start_tok.items():
            candidates = self._index.get(text[i])
            if not candidates:
                continue
            if i and text[i - 1].isdigit():
                continue
            if self.word_start and i and text[i - 1].isalnum():  # inside a word: after a letter or digit
                continue
            for n, phrases in candidates:
                end = end_tok.get(i + n)
                if end is None:
                    continue
                phrase = text[i : i + n]
                if self.ko_negation and phrase.endswith("지") and KO_NEGATION.match(text, i + n):
                    continue
                for name, label, rule in phrases.get(phrase, ()):  # one entry per (ruler, rule)
                    if name in wanted:
                        out[name].append((start, end, label, rule))
        return out
