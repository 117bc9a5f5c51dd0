"""Turn tagged sentences into the classifier's input rows: the text plus a string of cue features."""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Iterable

import numpy as np
from spacy.tokens import Doc, Span

from nlp.labels import COUNTRIES_KEY, CUES_KEY
from nlp.text import LIST_MARKER


# The spans of the doc last looked at, per span key, sorted by start: every sentence of a doc
# asks for its spans, and scanning the whole group per sentence made feature extraction
# quadratic in the sentences of a statement. The doc itself is held, so its id cannot be reused.
_SORTED: dict[str, tuple[Doc, int, list[int], list[Span]]] = {}


def _inside(sent: Span, key: str) -> list[Span]:
    doc = sent.doc
    if key not in doc.spans:
        return []
    group = doc.spans[key]
    cached = _SORTED.get(key)
    if cached is None or cached[0] is not doc or cached[1] != len(group):
        spans = sorted(group, key=lambda s: (s.start, s.end))
        cached = (doc, len(group), [s.start for s in spans], spans)
        _SORTED[key] = cached
    _, _, starts, spans = cached
    out = []
    for span in spans[bisect_left(starts, sent.start):]:
        if span.start >= sent.end:
            break
        if span.end <= sent.end:
            out.append(span)
    return out


# ``Doc.text`` joins every token's text each time it is read, and so does ``Span.text`` for the
# span's tokens: reading sentence texts that way was a fifth of the classifier's time
# (nlp/MEASUREMENTS.md §32). A doc's text never changes, so it is built once per doc and kept
# while the doc lives (not in ``user_data``, which spaCy serializes and warns about when merging).
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text`` (the text of its tokens, without the last one's trailing space), without
    building a Token object per token."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentence_cues(sent: Span) -> list[Span]:
    """Cue spans (span-ruler matches) that lie inside ``sent``."""
    return _inside(sent, CUES_KEY)


def sentence_countries(sent: Span) -> list[Span]:
    """Country-gazetteer spans that lie inside ``sent``."""
    return _inside(sent, COUNTRIES_KEY)


# Prefix of the cue token saying where the resolver found the sentence's target (``T:unit``);
# a framing model may skip these tokens (nlp/classifiers.py ``target_cues``).
TARGET_SOURCE_PREFIX = "T:"


def cue_string(sent: Span) -> str:
    """Space-separated cue features of a sentence: labels, rule ids, countries (``NOCUE`` when it
    has none of these), and where the resolver found its target (``T:<source>``)."""
    feats: set[str] = set()
    for span in sentence_cues(sent):
        feats.add(f"L:{span.label_}")
        feats.add(f"R:{span.id_ or span_text(span).lower()}")
    for span in sentence_countries(sent):
        feats.add(f"C:{span.label_}")
    if not feats:  # decided by the sentence alone, so bare text and its statement agree on it
        feats.add("NOCUE")
    target = sent._.rdi_target
    if target is not None:
        feats.add(f"{TARGET_SOURCE_PREFIX}{sent._.rdi_target_source}")
    return " ".join(sorted(feats))


def feature_rows(sents: Iterable[Span]) -> np.ndarray:
    """Classifier input: an (n, 2) object array of (sentence text, cue string)."""
    return _pairs([(span_text(s), cue_string(s)) for s in sents])


def framing_rows(sents: Iterable[Span]) -> np.ndarray:
    """The rows the framing classifier read (its cue strings, ``Span._.rdi_cues``), computed
    afresh for sentences it did not score. Later stages (severity) read the same features as the
    framing model did, before targets set afterwards (``bare_text_model``) changed the cues."""
    return _pairs([(span_text(s), s._.rdi_cues if s._.rdi_cues is not None else cue_string(s)) for s in sents])


_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』"}  # the tagger reads “ ” ‘ ’ as " ' (nlp.text)


def unquoted(text: str) -> str:
    """A sentence quoted whole (“We will …”, 「…」) without its quote marks, which say how it was
    published, not what it says; anything else as it is. Quoted whole, English sentences lost .013
    of conciliatory F1 on the test split (MEASUREMENTS §30)."""
    text = text.strip()
    close = _QUOTES.get(text[:1])
    if close and len(text) > 2 and text.endswith(close) and close not in text[1:-1]:
        return text[1:-1].strip()
    return text


_FULL_STOPS = (".", "。")


def as_said(text: str) -> str:
    """The sentence without what says how it was published, not what it says: a list marker in
    front ("1. ", "(2)", "가. "; the corpus drops list numbering) and quote marks around it whole
    (:func:`unquoted`). The classifiers, the transformer rescorer and the speaker guesser read it."""
    marker = LIST_MARKER.match(text)
    if marker and text[marker.end():].strip():
        text = text[marker.end():]
    return unquoted(text)


def classifier_text(text: str) -> str:
    """The sentence as the classifiers' n-grams read it: :func:`as_said`, and without one final
    full stop. Whether a sentence ends in a period says how it was transcribed or cut (briefing
    transcripts and bulleted releases often drop it), not what it says; with it, the same words
    got another target 2.8 % of the time on the English test split (MEASUREMENTS §43). Question
    and exclamation marks stay."""
    text = as_said(text)
    if len(text) > 1 and text.endswith(_FULL_STOPS) and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def _pairs(rows: list[tuple[str, str]]) -> np.ndarray:
    """An (n, 2) object array of (text, cue string) rows, the input of the column transformers."""
    arr = np.empty((len(rows), 2), dtype=object)
    for i, (text, cues) in enumerate(rows):
        arr[i, 0] = classifier_text(text)
        arr[i, 1] = cues
    return arr


def framing_key(nationalist: bool | float, conciliatory: bool | float) -> str:
    """``"nationalist"`` or ``"conciliatory"``: the framing a target is sought for (ties: nationalist)."""
    return "nationalist" if nationalist >= conciliatory else "conciliatory"


def prior_target(priors: dict[str, str | None], key: str, speaker: str | None) -> str | None:
    """The training prior for a framing ``key``: the speaker's own (``"<key>|<country>"``), else the language's."""
    return priors.get(f"{key}|{speaker}") or priors.get(key)


def target_rows(sents: Iterable[Span], keys: Iterable[str], speakers: Iterable[str | None], *,
                framing_cues: bool = False) -> np.ndarray:
    """Target-model input: (sentence text, cue string + framing ``F:N``/``F:C`` + speaker ``S:<code>``
    + the resolver's own answer ``P:<code>``, ``P:none`` when it found no country).

    The resolver's answer lets the model learn when to trust the rules and when the text says
    otherwise (bare text, where the rules guess the speaker). ``framing_cues`` takes the cue
    strings the framing classifier computed (``Span._.rdi_cues``) instead of computing them again:
    only right while no target has changed since."""
    rows = []
    for sent, key, speaker in zip(sents, keys, speakers, strict=True):
        extra = f" F:{key[0].upper()}" + (f" S:{speaker}" if speaker else "")
        extra += f" P:{sent._.rdi_target or 'none'}"
        cues = sent._.rdi_cues if framing_cues and sent._.rdi_cues is not None else cue_string(sent)
        rows.append((span_text(sent), cues + extra))
    return _pairs(rows)
