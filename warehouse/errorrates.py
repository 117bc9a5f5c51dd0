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


def _metadata(model_dir: Path | None) -> dict[str, Any] | None:
    try:
        from nlp.tagger import load_metadata
    except ImportError:
        return None
    try:
        return load_metadata(model_dir)
    except Exception:  # noqa: BLE001 - no model installed: fall back to the default
        return None


def error_rates(
    model_version: str | None, model_dir: Path | None = None
) -> tuple[dict[str, LangRates], str]:
    """Return per-language rates for ``model_version`` and a one-line note on their origin.

    The metadata must belong to the model whose scores are being indexed; if the newest
    (or given) model is another version, the default is used rather than another
    model's rates.
    """
    meta = _metadata(model_dir)
    meta_version = None if meta is None else str(
        meta.get("model_version") or meta.get("version") or ""
    )
    rates_by_lang = (meta or {}).get("unit_rates") or {}
    usable = meta is not None and rates_by_lang and (
        model_version is None or meta_version in ("", model_version)
    )
    out: dict[str, LangRates] = {}
    for lang in LANGS:
        counts = rates_by_lang.get(lang) if usable else None
        if counts and all(k in counts for k in ("tp", "fp", "fn", "tn")):
            out[lang] = LangRates(lang, int(counts["tp"]), int(counts["fp"]),
                                  int(counts["fn"]), int(counts["tn"]),
                                  f"model:{meta_version or model_version}")
        else:
            out[lang] = LangRates(lang, source="default", **DEFAULT_RATES)
    sources = sorted({r.source for r in out.values()})
    if sources == ["default"]:
        why = "no model metadata" if meta is None else (
            f"metadata of model {meta_version} does not match scores of {model_version}"
            if not usable else "metadata has no unit_rates")
        note = f"error rates: conservative default ({why})"
    else:
        note = "error rates: " + ", ".join(f"{r.lang}={r.source}" for r in out.values())
    return out, note
