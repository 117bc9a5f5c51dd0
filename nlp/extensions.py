"""Custom ``Doc``/``Span`` attributes of the tagger, registered once (never with ``force=True``).

Sentence-level results are ``Span`` extensions; spaCy stores their values in ``doc.user_data``
keyed by character offsets, so any ``Span`` over the same sentence (``doc.sents``) sees them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_DOC = {
    "rdi_context": None,  # preceding reporter question of a Q&A answer (sets the target)
    "rdi_context_target": None,  # country code found in that question
    "rdi_self": None,  # speaking government's country when known (nlp/speakers.py)
    "rdi_speaker_guess": None,  # speaker guessed from the text when rdi_self is unknown (speaker_guesser)
    "rdi_speaker": None,  # speaker as the target resolver settled it (rdi_self, pipeline default or inferred)
    # (before, after): first-stage probabilities of the other sentences of the unit when the doc
    # is one piece of it (a corpus row tagged alone); read by the unit-context stage
    "rdi_neighbours": None,
    # nlp.text.Reading: the unit text the doc was read from, for offsets into it (Tagger.docs)
    "rdi_reading": None,
}
_SPAN = {
    "rdi_target": None,  # resolved target country of the sentence
    "rdi_target_source": None,  # "sentence", "unit", "context"; framing fills "model", "bare_text_model", "prior"; target_aim "aim"
    "rdi_probs": None,  # {label: calibrated probability}
    "rdi_flags": None,  # {label: bool} after the per-language thresholds
    "rdi_sentence_probs": None,  # first-stage probabilities where a later stage (unit context, rescorer) re-scored
    "rdi_cues": None,  # the cue string the framing model read (nlp/features.py cue_string)
    "rdi_severity": 0,  # 0..3, non-zero only for nationalist sentences
}


def register_extensions() -> None:
    """Register the tagger's extensions if they are not there yet (idempotent)."""
    for name, default in _DOC.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()
