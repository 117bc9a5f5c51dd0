"""``rdi_list_markers``: a list marker the sentencizer cut off joins the sentence it numbers.

Official releases number their points ("1. We strongly protest …", "(2) 日本政府は…", "가. 독도는
…"). The sentencizer ends a sentence at the full stop of "1. ", so the marker became a sentence of
its own: stored as a sentence of the unit (``sentences``, ``unit_scores.n_sentences``, what a
sentence-level query counts) and able to take a target from its neighbours, while the point it
numbered lost its number. (The index counts units, not sentences.) This component, placed right after the sentencizer, makes such a
sentence the start of the one after it. The classifiers then read the sentence without its marker
(:func:`nlp.features.as_said`), as the corpus, which drops list numbering, was read in training.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp.text import LIST_MARKER


@Language.component("rdi_list_markers", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def join_list_markers(doc: Doc) -> Doc:
    """Join each sentence that is only a list marker ("1.", "(2)", "①") to the sentence after it."""
    sents = list(doc.sents)
    for sent, after in zip(sents, sents[1:], strict=False):
        if is_marker(sent.text):
            doc[after.start].is_sent_start = False
    return doc


def is_marker(text: str) -> bool:
    """Whether ``text`` is a list marker and nothing else."""
    m = LIST_MARKER.match(text + " ")
    return m is not None and m.end() >= len(text) and bool(text.strip())
