"""The text the tagger reads, and where each of its characters came from.

The crawlers store NFKC text with no-break and ideographic spaces made plain and Korean middle
dots unified (``crawlers.items.normalise_text``), and the corpus is stored the same way. Text from
elsewhere (an outside evaluation file, a caller of :class:`nlp.tagger.Tagger`) is read the same
way here, so a no-break space, a full-width letter or an HTML character reference left in the
text (``&nbsp;``) does not change the tokens and n-grams the models see: before this, no-break
spaces alone cut the English history F1 of the shipped model from .90 to .65 (MEASUREMENTS §30).

Hyphens and dashes that join words are read as the ASCII hyphen-minus: the en dash of
"Korea–Japan" or 한–중, the Unicode hyphen (‐, and the non-breaking hyphen NFKC turns into it),
the figure dash and the minus sign. The lexicons then list each pair compound once ("Japan-ROK",
한-중), and the n-grams of "U.S.–Japan" and "U.S.-Japan" are the same. The em dash and the
horizontal bar (―) stay: they set off clauses, they do not join words.

Typographic quote marks are read as the ASCII ones: ‘ ’ ‚ ‛ as ' and “ ” „ ‟ as ". Official
pages print "Japan’s" and "Japan's", “…” and "…" alike (one copy of a statement on one site,
another on the next), and the two spellings gave the n-grams and the target of a sentence apart:
on the test split the same sentence got another target 4 % of the time (MEASUREMENTS §43).
Japanese corner brackets (「」『』) stay.

Line breaks never end a sentence (the sentencizer splits on punctuation), but inside one they split
the lexicon's phrases ("strongly⏎protest") and the character n-grams. Every run of white space is
read as one space, or as nothing where a line break falls between two Japanese characters (a
printed line break there carries no space); leading and trailing white space is dropped.

HTML tags left in text copied from a page's source read the same way: a tag that breaks a line
(``<br>``, ``<p>``, ``</li>``) as a line break, one inside a line (``<strong>``, ``<a href=…>``,
``<span>``) as nothing. Only HTML's own tag names count, so the angle brackets Korean prints around
a title (``<제77주년 국군의 날>``) stay. The crawlers store text without tags and no corpus row
holds one; with one left in, a file's row got other flags or another target up to 15 % of the time.

A gloss printed after a word on its first mention reads as nothing: Korean hanja ("독도(獨島)",
"하야시(林)") and Japanese kana readings ("竹島（たけしま）", "尹（ユン）"). The n-grams read a gloss as
other characters (glossing the test split's Korean rows changed .05 of their answers, MEASUREMENTS
§45); a bracket that says something else ("북한(조선민주주의인민공화국)", "尖閣諸島（沖縄県）") stays.

Sentence offsets must still point into the unit's own text (``sentences.start_char``), so the
reading keeps, for each character it yields, the span of source characters it came from.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from crawlers.items import MIDDLE_DOTS

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_ODD_DOTS = re.compile("[" + "".join(map(chr, MIDDLE_DOTS)) + "]")
# Read as "-" (after NFKC, which maps the non-breaking hyphen U+2011 to U+2010).
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2212"), "-")
_ODD_DASHES = re.compile("[" + "".join(map(chr, DASHES)) + "]")
QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b"), "'") | dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f"), '"')
_ODD_QUOTES = re.compile("[" + "".join(map(chr, QUOTES)) + "]")
_READ_AS = DASHES | QUOTES  # characters read as another: joining dashes and typographic quotes
# White space that reads differently: at either end, more than one character, or other than " ".
_SPACE_RUNS = re.compile(r"^\s+|\s+$|\s*[^\S ]\s*|\s{2,}")
_ODD_SPACE = re.compile(r"[^\S ]|  ")  # a quick test for the same: any but single plain spaces
_JA_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Character references left in text taken from HTML ("&nbsp;", "&#39;", "&#x2019;").
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# HTML tags left in text copied from a page's source ("<br>", "<p>…</p>", "<strong>"): only these
# names, so that Korean title brackets ("<제77주년 국군의 날>", "<AI 글로벌 포럼>") stay. A tag that
# breaks a line reads as a line break, one inside a line as nothing.
_BLOCK_TAGS = "p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|hr"
_TAG = re.compile(rf"(?i:</?(?:{_BLOCK_TAGS}|span|strong|b|i|em|u|a|font|sup|sub|small|mark)(?:\s[^<>]*)?/?>)")
_BLOCK_TAG = re.compile(rf"(?i:</?(?:{_BLOCK_TAGS})[\s/>])")
# What NFKC must see whole: an entity, a tag, or a character with those that attach to it (combining
# marks, conjoining Hangul vowels and finals, kana voicing marks, half-width ones too ("ｶﾞ" reads "ガ",
# not "カ" and a combining mark), variation selectors).
_UNIT = re.compile(_TAG.pattern + "|" + _ENTITY.pattern
                   + "|.[\u0300-\u036f\u1160-\u11ff\u3099\u309a\uff9e\uff9f\ufe00-\ufe0f\u200c\u200d]*",
                   re.S)
# A list marker in front of a sentence or an outside file's row: "1. ", "2) ", "(3)", "（一）", "①",
# "・", "• ", "- ", "□ ", Korean "가. " and "ㅇ ", and the note mark "※". The corpus drops list
# numbering (nlp/corpus/README.md); the sentencizer reads "1. " in front of a sentence as a
# sentence of its own (nlp/components/list_markers.py). A number must not run on into a digit
# ("3.1운동", "6.25 전쟁", "1.5 million", "4. 27판문점 선언" keep theirs), and a circled number only
# counts with a space after it ("①については" refers to an item).
LIST_MARKER = re.compile(
    r"\s*(?:[0-9０-９]{1,2}[.)．）、](?![0-9０-９])"
    r"|[(（](?:[0-9０-９]{1,2}|[a-zA-Z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3}|[가-하])[)）]"
    r"|[・•●◆▪►▶‣※]"
    r"|(?:[①-⑳]|[-–*○□◦]|[가-하]\.|ㅇ)(?=\s))\s*+(?![0-9０-９])")
# A gloss after a word (see the module docstring), as NFKC leaves it (full-width brackets ASCII).
_GLOSS = {
    "ko": re.compile(r"(?<=[가-힣A-Za-z0-9])\([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
                     r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·・、, ]*\)"),
    "ja": re.compile(r"(?<=[\u4e00-\u9fff々])\([\u3041-\u309f\u30a1-\u30faー・]{2,}\)"),
}


@dataclass(frozen=True)
class Reading:
    """``text`` as the tagger reads ``source``; its character ``i`` came from
    ``source[starts[i]:ends[i]]`` (``starts`` and ``ends`` are None when character ``i`` came from
    ``source[i]``: ``text`` is ``source``, or it with quote marks read as ASCII)."""

    source: str
    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets of the read characters ``start:end``."""
        end = min(end, len(self.text))
        if self.starts is None or self.ends is None:
            return min(start, end), end
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.source)
            return at, at
        return self.starts[start], self.ends[end - 1]


def read_text(source: str | None, lang: str) -> Reading:
    """Read ``source`` as the tagger does (see the module docstring), keeping the offsets."""
    source = source or ""
    same = _unchanged(source)
    gloss = _GLOSS.get(lang)
    if (same and not _ODD_SPACE.search(source) and source.strip() == source
            and (gloss is None or "(" not in source or not gloss.search(source))):
        # text the crawlers stored: nothing to map, or only quote marks, one character for one
        # (the offsets stay those of the source, so no table is kept)
        return Reading(source, source.translate(QUOTES) if _ODD_QUOTES.search(source) else source)
    text, starts, ends = _nfkc(source, same)
    if gloss is not None and "(" in text:
        text, starts, ends = _without(gloss, text, starts, ends)
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    pos = 0
    for m in _SPACE_RUNS.finditer(text):
        a, b = m.span()
        out.append(text[pos:a])
        o_starts += starts[pos:a]
        o_ends += ends[pos:a]
        pos = b
        if a == 0 or b == len(text):
            continue  # leading or trailing
        if lang == "ja" and "\n" in m.group() and _JA_CHAR.match(text[a - 1]) and _JA_CHAR.match(text[b]):
            continue
        out.append(" ")
        o_starts.append(starts[a])
        o_ends.append(ends[b - 1])
    out.append(text[pos:])
    o_starts += starts[pos:]
    o_ends += ends[pos:]
    return Reading(source, "".join(out), o_starts, o_ends)


def tagger_text(source: str | None, lang: str) -> str:
    """``source`` as the tagger reads it (training reads the corpus this way too)."""
    return read_text(source, lang).text


def _nfkc(source: str, unchanged: bool) -> tuple[str, list[int], list[int]]:
    """NFKC (Korean middle dots unified first, as the crawlers do), character entities decoded, HTML
    tags read as a line break or nothing, joining dashes read as "-", typographic quotes as ASCII,
    zero-width characters dropped; with each output character's
    source span. ``unchanged`` is :func:`_unchanged` of ``source``, which the caller has already
    worked out."""
    if unchanged:  # but for quote marks, read one character for one
        return source.translate(QUOTES), list(range(len(source))), list(range(1, len(source) + 1))
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _UNIT.finditer(source):
        i, j = m.span()
        if m.group()[0] == "<" and j - i > 2 and _TAG.fullmatch(m.group()):
            piece = "\n" if _BLOCK_TAG.match(m.group()) else ""
        else:
            piece = _ZERO_WIDTH.sub("", unicodedata.normalize(
                "NFKC", html.unescape(m.group()).translate(MIDDLE_DOTS)).translate(_READ_AS))
        text.append(piece)
        if piece == m.group():
            starts += range(i, j)
            ends += range(i + 1, j + 1)
        else:
            starts += [i] * len(piece)
            ends += [j] * len(piece)
    return "".join(text), starts, ends


def _without(pattern: re.Pattern[str], text: str, starts: list[int],
             ends: list[int]) -> tuple[str, list[int], list[int]]:
    """``text`` without what ``pattern`` matches, with the source spans of what is left."""
    keep = [range(a, b) for a, b in _gaps(pattern, text)]
    return ("".join(text[r.start:r.stop] for r in keep), [starts[i] for r in keep for i in r],
            [ends[i] for r in keep for i in r])


def _gaps(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` between the matches of ``pattern``."""
    spans, pos = [], 0
    for m in pattern.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    return [*spans, (pos, len(text))]


def _unchanged(source: str) -> bool:
    """Whether :func:`_nfkc` would give ``source`` back as it is (quote marks aside, which it
    reads one character for one)."""
    return (unicodedata.is_normalized("NFKC", source) and not _ZERO_WIDTH.search(source)
            and not _ODD_DOTS.search(source) and not _ODD_DASHES.search(source)
            and not ("&" in source and _ENTITY.search(source)) and not ("<" in source and _TAG.search(source)))
