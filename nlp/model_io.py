"""Safe persistence of the fitted scikit-learn models: skops with a reviewed trusted-types list.

Nothing is ever unpickled. A model file must (1) exist, (2) match the SHA-256 recorded beside it,
(3) contain only the types listed in :data:`TRUSTED_TYPES`, and (4) load; each failure is a
:class:`ModelError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

# Reviewed list: every type the framing models are built from (nlp/classifiers.py). skops refuses
# anything else. Update only together with nlp/classifiers.py and re-review.
TRUSTED_TYPES: list[str] = [
    "builtins.slice",
    "collections.defaultdict",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "nlp.estimators.NBLogisticRegression",
    "nlp.vectorizers.CompactCountVectorizer",
    "nlp.vectorizers.CompactTfidfVectorizer",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multioutput.MultiOutputClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.utils._bunch.Bunch",
]


class ModelError(RuntimeError):
    """The model is missing, corrupt, tampered with or incompatible (one-line message)."""


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# Fitted parameter arrays at least this long (coefficients, idf weights, naive-Bayes ratios) are
# stored as float32: the model file shrinks by about 45 % (every shipped model stays in the Git
# history) and probabilities move by less than 1e-6 (nlp/MEASUREMENTS.md §29).
COMPACT_MIN_SIZE = 1000


def compact(obj: Any) -> Any:
    """Store ``obj``'s large float64 parameter arrays as float32, in place, and return ``obj``.

    Walks the estimator's attributes and the lists, tuples and dicts under them (pipelines,
    multi-output and calibrated models). scikit-learn upcasts at prediction time, so a
    compacted model reads float64 features as before.
    """
    seen: set[int] = set()

    def walk(node: Any) -> None:
        if id(node) in seen or isinstance(node, (str, bytes, np.ndarray)) or sparse.issparse(node):
            return
        seen.add(id(node))
        if isinstance(node, dict):
            slots: Any = list(node.items())
        elif isinstance(node, list):
            slots = list(enumerate(node))
        elif isinstance(node, tuple):
            for child in node:
                walk(child)
            return
        elif hasattr(node, "__dict__") and not isinstance(node, type):
            slots = list(vars(node).items())
        else:
            return
        for key, value in slots:
            if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.size >= COMPACT_MIN_SIZE:
                if isinstance(node, (dict, list)):
                    node[key] = value.astype(np.float32)
                else:
                    setattr(node, key, value.astype(np.float32))
            else:
                walk(value)

    walk(obj)
    return obj


def dump_model(obj: Any, path: Path) -> str:
    """Write ``obj`` to ``path`` with skops (large parameter arrays as float32, :func:`compact`)
    and return the file's SHA-256."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    compact(obj)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    return sha256_file(path)


def write_config(path: Path, cfg: dict[str, Any]) -> None:
    """Write a serialised component's ``cfg.json`` (what sits beside its ``model.skops``)."""
    path.write_text(json.dumps(cfg, ensure_ascii=False, indent=1), "utf-8")


def read_config(path: Path, what: str) -> dict[str, Any]:
    """Read a component's ``cfg.json``; ModelError naming ``what`` if it is missing or not JSON."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable {what} config ({exc})") from None


def load_model(path: Path, *, expected_sha256: str | None = None) -> Any:
    """Load a skops model file after checking its hash and its types against TRUSTED_TYPES."""
    import skops.io as sio

    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    if expected_sha256 is not None and sha256_file(path) != expected_sha256:
        raise ModelError(f"model file {path} does not match the SHA-256 in its metadata (tampered or replaced)")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # noqa: BLE001 - any parse failure means the file is unusable
        raise ModelError(f"model file {path} is corrupt ({type(exc).__name__})") from None
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ModelError(f"model file {path} contains untrusted types: {', '.join(unknown[:5])}")
    try:
        return sio.load(path, trusted=TRUSTED_TYPES)
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"model file {path} could not be loaded ({type(exc).__name__}: {exc})") from None
