"""Build a language pipeline from its config (``nlp/configs/<lang>.cfg``); nothing is downloaded."""

from __future__ import annotations

import warnings
from pathlib import Path

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the rdi_* factories and rdi.* functions)
from nlp.labels import check_lang

CONFIG_DIR = Path(__file__).resolve().parent / "configs"


def config_path(lang: str) -> Path:
    """Path of the pipeline config of ``lang``."""
    return CONFIG_DIR / f"{check_lang(lang)}.cfg"


def build_nlp(lang: str, pattern_dir: Path | None = None) -> Language:
    """Load the config of ``lang``, build the pipeline and feed the lexicons (``nlp.initialize``).

    The lexicons come from ``nlp/patterns/``, or from ``pattern_dir`` (a model's copy: every
    ``rdi.*`` lexicon function of the config's ``[initialize]`` block gets it). The framing
    classifier is empty until a fitted model is attached
    (``nlp.get_pipe("framing").set_model(...)``, done by :func:`nlp.tagger.load_tagger`).
    """
    config = spacy.util.load_config(config_path(lang))
    if pattern_dir is not None:
        for component in config["initialize"]["components"].values():
            for arg in component.values():
                if isinstance(arg, dict) and str(arg.get("@misc", "")).startswith("rdi."):
                    arg["pattern_dir"] = str(pattern_dir)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    with warnings.catch_warnings():
        # W012: Sudachi docs carry tags; harmless for NORM phrase patterns.
        warnings.filterwarnings("ignore", message=r"\[W012\]")
        nlp.initialize()
    return nlp
