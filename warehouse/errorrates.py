"""Unit-level error rates (Se, Sp) of the hostile flag per language, for Rogan-Gladen.

They come from the model's ``metadata.json`` ``unit_rates`` (brief contract 4: the
confusion matrix of hostile = nationalist and (history or territory) with a target on
the held-out test split), read with ``nlp.tagger.load_metadata``. Without model metadata
a documented conservative default is used and every output says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: Default confusion matrix when the model publishes none: a classifier at the codebook's
#: design point (precision ~0.85 at 2 % prevalence: Se ~0.77, Sp ~0.996) with the
#: uncertainty of a small test set (20 positives, 1,000 negatives).
DEFAULT_RATES = {"tp": 16, "fn": 4, "tn": 997, "fp": 3}
LANGS = ("ja", "ko", "en")


@dataclass(frozen=True)
class LangRates:
    """Confusion counts for one language and where they came from."""

    lang: str
    tp: int
    fp: int
    fn: int
    tn: int
    source: str  # "model:<version>" or "default"

    @property
    def se_mean(self) -> float:
        return (self.tp + 1) / (self.tp + self.fn + 2)

    @property
    def sp_mean(self) -> float:
        return (self.tn + 1) / (self.tn + self.fp + 2)

    def describe(self) -> dict[str, Any]:
        """Counts, Beta parameters and posterior means, for manifests and release rows."""
        return {
            **asdict(self),
            "se_beta": [self.tp + 1, self.fn + 1],
            "sp_beta": [self.tn + 1, self.fp + 1],
            "se_mean": round(self.se_mean, 4),
            "sp_mean": round(self.sp_mean, 4),
        }


#: Measured rates are used for a language only with at least this many test units on each
#: side; fewer (e.g. 11 negatives) make the Sp posterior so wide that Rogan-Gladen erases
#: every rate below ~8 % -- the default is used instead and the note says why.
MIN_POSITIVES = 20
MIN_NEGATIVES = 100
MODES = ("model", "default", "none")


def _metadata(model_version: str | None, model_dir: Path | None) -> dict[str, Any] | None:
    try:
        from nlp.tagger import load_metadata, model_dirs
    except ImportError:
        return None
    if model_dir is not None:
        candidates: list[Path | None] = [model_dir]
    else:
        try:
            named = [d for d in model_dirs() if d.name == model_version]
        except OSError:
            named = []
        candidates = [*named, None]
    for candidate in candidates:
        try:
            return load_metadata(candidate)
        except Exception:  # noqa: BLE001 - no such model: try the next, else the default
            continue
    return None


def error_rates(
    model_version: str | None,
    model_dir: Path | None = None,
    *,
    mode: str = "model",
    min_positives: int = MIN_POSITIVES,
    min_negatives: int = MIN_NEGATIVES,
) -> tuple[dict[str, LangRates], str]:
    """Return per-language rates for ``model_version`` and a one-line note on their origin.

    ``mode`` "model" reads the model's ``unit_rates`` (falling back to the default per
    language when they are missing, belong to another model, or rest on too few test
    units); "default" always uses the default; "none" turns the correction off (Se = Sp = 1
    exactly, for robustness comparisons).
    """
    if mode not in MODES:
        raise ValueError(f"unknown error_rates mode {mode!r}: use {', '.join(MODES)}")
    if mode == "none":
        perfect = {lg: LangRates(lg, 10**9, 0, 0, 10**9, "none") for lg in LANGS}
        return perfect, "error rates: none (misclassification correction off)"
    meta = _metadata(model_version, model_dir) if mode == "model" else None
    meta_version = None if meta is None else str(meta.get("version") or "")
    rates_by_lang = (meta or {}).get("unit_rates") or {}
    matches = meta is not None and (model_version is None or meta_version in ("", model_version))
    out: dict[str, LangRates] = {}
    why: dict[str, str] = {}
    for lang in LANGS:
        counts = rates_by_lang.get(lang) if matches else None
        if counts and all(k in counts for k in ("tp", "fp", "fn", "tn")):
            pos, neg = counts["tp"] + counts["fn"], counts["tn"] + counts["fp"]
            if pos >= min_positives and neg >= min_negatives:
                out[lang] = LangRates(lang, int(counts["tp"]), int(counts["fp"]),
                                      int(counts["fn"]), int(counts["tn"]),
                                      f"model:{meta_version or model_version}")
                continue
            why[lang] = f"{pos} positive / {neg} negative test units < {min_positives} / {min_negatives}"
        elif mode == "default":
            why[lang] = "configured"
        elif meta is None:
            why[lang] = "no model metadata"
        elif not matches:
            why[lang] = f"metadata of model {meta_version} does not match scores of {model_version}"
        else:
            why[lang] = "no unit_rates"
        out[lang] = LangRates(lang, source="default", **DEFAULT_RATES)
    parts = [f"{lg}={r.source}" + (f" ({why[lg]})" if lg in why else "") for lg, r in out.items()]
    if len(set(why.values())) == 1 and len(why) == len(LANGS):
        return out, f"error rates: conservative default ({next(iter(why.values()))})"
    return out, "error rates: " + "; ".join(parts)
