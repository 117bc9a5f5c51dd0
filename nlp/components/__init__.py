"""Registered spaCy components of the tagger (importing this package registers them)."""

from __future__ import annotations

from nlp import extensions as _extensions  # noqa: F401
from nlp import patterns as _patterns  # noqa: F401  (registers rdi.*_patterns.v1)
from nlp import tokenizers as _tokenizers  # noqa: F401  (registers rdi.ko_mecab_tokenizer.v1)
from nlp.components import (framing_classifier, lexicon_fill, list_markers, severity, speaker_guesser, target_aim,
                            target_resolver, transformer_rescorer)

__all__ = ["framing_classifier", "lexicon_fill", "list_markers", "severity", "speaker_guesser", "target_aim",
           "target_resolver", "transformer_rescorer"]
