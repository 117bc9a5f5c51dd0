"""Unit-level error rates (Se, Sp) of the hostile flag per language, for Rogan-Gladen.

In order of preference (mode "model", the default):

1. the human audit of the model (AUDIT.md, :func:`pipeline.audit.rates.index_rates`): the
   weighted confusion matrix of complete, non-simulated audit rounds, whose Se and Sp
   posteriors are passed in as Beta parameters (``se_ab``, ``sp_ab``) per language;
2. the model's ``metadata.json`` ``unit_rates`` (brief contract 4: the confusion matrix of
   hostile = nationalist and (history or territory) with a target on the held-out test
   split), read with ``nlp.tagger.load_metadata``: Se ~ Beta(tp+1, fn+1), Sp ~ Beta(tn+1, fp+1);
3. a documented conservative default, and every output says so.
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
    """Confusion counts for one language, the Se/Sp posteriors and where they came from.

    Test-set counts are integers and the posteriors Beta(tp+1, fn+1), Beta(tn+1, fp+1). For
    an audit the counts are weighted population estimates and ``se_ab`` / ``sp_ab`` carry
    the stratified posterior (moment-matched Betas); ``alpha`` is the coders' agreement.
    """

    lang: str
    tp: float
    fp: float
    fn: float
    tn: float
    source: str  # "audit:<rounds>", "model:<version>", "default" or "none"
    se_ab: tuple[float, float] | None = None
    sp_ab: tuple[float, float] | None = None
    alpha: float | None = None
    units: int | None = None  # audited units behind the rates

    @property
    def se_beta(self) -> tuple[float, float]:
        return self.se_ab or (self.tp + 1, self.fn + 1)

    @property
    def sp_beta(self) -> tuple[float, float]:
        return self.sp_ab or (self.tn + 1, self.fp + 1)

    @property
    def se_mean(self) -> float:
        a, b = self.se_beta
        return a / (a + b)

    @property
    def sp_mean(self) -> float:
        a, b = self.sp_beta
        return a / (a + b)

    def describe(self) -> dict[str, Any]:
        """Counts, Beta parameters and posterior means, for manifests and release rows."""
        out = {k: v for k, v in asdict(self).items() if k not in ("se_ab", "sp_ab")}
        se_beta, sp_beta = list(self.se_beta), list(self.sp_beta)
        if self.se_ab is not None:  # audit: weighted counts; test-set counts stay integers (same vintage key)
            out.update({k: round(float(getattr(self, k)), 3) for k in ("tp", "fp", "fn", "tn")})
            se_beta, sp_beta = ([round(float(x), 4) for x in b] for b in (se_beta, sp_beta))
        out.update({
            "se_beta": se_beta,
            "sp_beta": sp_beta,
            "se_mean": round(self.se_mean, 4),
            "sp_mean": round(self.sp_mean, 4),
        })
        if self.alpha is None:
            out.pop("alpha")
        if self.units is None:
            out.pop("units")
        return out


def draw_rates(rates: LangRates, draws: int, seed: int) -> tuple[Any, Any]:
    """Se and Sp draws from the posteriors, shared by all cells of a language (seeded)."""
    from warehouse.rdi import cell_rng

    rng = cell_rng(seed, "error-rates", rates.lang)
    return rng.beta(*rates.se_beta, draws), rng.beta(*rates.sp_beta, draws)


#: Measured rates are used for a language only with at least this many test units on each
#: side; fewer (e.g. 11 negatives) make the Sp posterior so wide that Rogan-Gladen erases
#: every rate below ~8 % -- the default is used instead and the note says why.
MIN_POSITIVES = 20
MIN_NEGATIVES = 100
MODES = ("model", "default", "none")


def _metadata(model_version: str | None, model_dir: Path | None) -> dict[str, Any] | None:
    try:
        from nlp.model_files import load_metadata, model_dirs
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
    audit: dict[str, LangRates] | None = None,
    audit_withheld: dict[str, str] | None = None,
) -> tuple[dict[str, LangRates], str]:
    """Return per-language rates for ``model_version`` and a one-line note on their origin.

    ``mode`` "model" reads the model's ``unit_rates`` (falling back to the default per
    language when they are missing, belong to another model, or rest on too few test
    units); "default" always uses the default; "none" turns the correction off (Se = Sp = 1
    exactly, for robustness comparisons). In mode "model", ``audit`` rates (per language,
    from :func:`pipeline.audit.rates.index_rates`) take precedence over everything else;
    ``audit_withheld`` names languages whose audit was too small to apply, and why: their
    rates are chosen as without an audit and the note says so.
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
        if mode == "model" and audit and lang in audit:
            out[lang] = audit[lang]
            continue
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
    withheld = (audit_withheld or {}) if mode == "model" else {}
    for lang, reason in withheld.items():
        if lang in out and lang not in (audit or {}):
            why[lang] = f"{reason}; {why[lang]}" if lang in why else reason
    parts = [f"{lg}={r.source}" + (f" ({why[lg]})" if lg in why else "") for lg, r in out.items()]
    if len(set(why.values())) == 1 and len(why) == len(LANGS):
        return out, f"error rates: conservative default ({next(iter(why.values()))})"
    return out, "error rates: " + "; ".join(parts)
