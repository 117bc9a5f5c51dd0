"""Where framing models live and what their files say, without loading spaCy or the estimators:
``rdi index`` and the audit read a model's metadata and lexicons this way."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from nlp.model_io import ModelError, sha256_file

MODELS_DIR = Path(__file__).resolve().parents[1] / "models" / "framing"
MODEL_FILE = "model.skops"
METADATA_FILE = "metadata.json"
LEXICON_DIR = "patterns"  # the model's copy of nlp/patterns/ (see nlp.patterns.snapshot_lexicons)
RESCORER_DIR = "rescorer"  # <lang>/ encoder and tokenizer of the transformer rescorer, where training kept one
PATTERN_DIR = Path(__file__).resolve().parent / "patterns"  # the reviewed lexicons (nlp/patterns.py)


def model_dirs(root: Path = MODELS_DIR) -> list[Path]:
    """Model version folders under ``root`` (those with a metadata file)."""
    return [p for p in root.glob("*") if (p / METADATA_FILE).is_file()] if root.is_dir() else []


def newest_model_dir(root: Path = MODELS_DIR) -> Path:
    """The newest model version (by ``created_at`` in its metadata, then by name)."""
    candidates = []
    for path in model_dirs(root):
        try:
            created = json.loads((path / METADATA_FILE).read_text("utf-8")).get("created_at", "")
        except (OSError, ValueError):
            created = ""
        candidates.append((str(created), path.name, path))
    if not candidates:
        raise ModelError(f"no framing model found under {root} (run `rdi train`)")
    return max(candidates)[2]


def resolve_model_dir(model_dir: Path | None = None) -> Path:
    """``model_dir``, else ``RDI_MODEL_DIR``, else the newest ``models/framing/<version>/``."""
    if model_dir is not None:
        return Path(model_dir)
    env = os.environ.get("RDI_MODEL_DIR")
    return Path(env) if env else newest_model_dir()


def load_metadata(model_dir: Path | None = None) -> dict[str, Any]:
    """Read ``metadata.json`` of a model (thresholds, metrics, ``unit_rates``) as a dict."""
    path = resolve_model_dir(model_dir) / METADATA_FILE
    if not path.is_file():
        raise ModelError(f"model metadata not found: {path}")
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model metadata {path} is unreadable ({type(exc).__name__})") from None
    for key in ("version", "sha256", "thresholds", "langs"):
        if key not in meta:
            raise ModelError(f"model metadata {path} lacks {key!r}")
    return meta


def lexicon_dir_of(version: str) -> Path:
    """The lexicons model ``version`` tagged with: its checked copy when its folder is at hand
    (``RDI_MODEL_DIR`` or ``models/framing/<version>/``), else ``nlp/patterns/`` (a model saved
    before models kept a copy, or one no longer on this machine)."""
    env = os.environ.get("RDI_MODEL_DIR")
    for path in ([Path(env)] if env else []) + [MODELS_DIR / version]:
        if (path / METADATA_FILE).is_file():
            meta = load_metadata(path)
            if meta.get("version") == version:
                return check_lexicons(path, meta) or PATTERN_DIR
    return PATTERN_DIR


def check_lexicons(path: Path, meta: dict[str, Any]) -> Path | None:
    """The model's copy of the lexicons, checked file by file against ``metadata.json``.

    A model tags with the lexicons it was trained with, so an edit to ``nlp/patterns/`` never
    changes what a stored ``model_version`` means. Returns None for a model saved before models
    kept a copy (those read ``nlp/patterns/``).
    """
    info = meta.get("lexicons")
    if info is None:
        return None
    where = path / LEXICON_DIR
    hashes = info.get("sha256") if isinstance(info, dict) else None
    if not isinstance(hashes, dict) or not hashes:
        raise ModelError(f"model metadata {path / METADATA_FILE} has a malformed 'lexicons' entry")
    for name, digest in hashes.items():
        lexicon = where / Path(name).name
        if not lexicon.is_file():
            raise ModelError(f"lexicon {lexicon} of model {meta['version']} is missing; restore the model folder")
        if sha256_file(lexicon) != digest:
            raise ModelError(f"lexicon {lexicon} of model {meta['version']} was changed after training "
                             "(SHA-256 differs from metadata.json); restore it or train a new model")
    return where
