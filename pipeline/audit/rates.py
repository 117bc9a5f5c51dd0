"""``rdi audit rates`` and the audit's part of the index: weighted Se, Sp, precision, recall.

Estimation is in :mod:`pipeline.audit.estimate` (inverse-inclusion-probability weighting,
stratified Jeffreys-Beta posterior for the 95 % intervals). Rates are per language x channel
type (the channel's tier) and per language over all channel types; the index uses the latter.

Which rounds feed the index (:func:`index_rates`): rounds of the model that scored the index,
not simulated, and complete (every sampled unit has a final label: agreed or adjudicated).
All such rounds are pooled, each unit weighted within its own round. A language's pooled
rates are applied only above a floor of settled units the gold label codes hostile (for Se)
and not hostile (for Sp), rdi.toml ``[audit] min_positives`` / ``min_negatives``
(:func:`index_floor`); below it the index uses what it uses without an audit (the model's
test-set rates or the default) and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.audit import AuditError, open_snapshot
from pipeline.audit.agreement import hostile_alpha
from pipeline.audit.estimate import Cell, beta_fit, draws, interval, not_estimable, point
from pipeline.audit.sample import parse_quarter
from pipeline.config import Project, number_problem
from warehouse import sqlfiles
from warehouse.errorrates import LangRates

METRICS = ("se", "sp", "precision", "recall")

#: Settled audit units per language, coded hostile / not hostile by the final (agreed or
#: adjudicated) label, below which the index does not apply a language's audit rates
#: (AUDIT.md §5). 20 positives is also the floor on the model's test-set rates.
MIN_POSITIVES = 20
MIN_NEGATIVES = 50


def index_floor(config: dict[str, Any]) -> tuple[int, int]:
    """rdi.toml ``[audit] min_positives`` and ``min_negatives`` (defaults 20 and 50)."""
    section = config.get("audit", {})
    out = []
    for key, default in (("min_positives", MIN_POSITIVES), ("min_negatives", MIN_NEGATIVES)):
        value = section.get(key, default)
        if problem := number_problem("audit", key, value, integer=True, low=1):
            raise ValueError(problem)
        out.append(value)
    return out[0], out[1]


def below_floor(rows: list[dict[str, Any]], floor: tuple[int, int]) -> str | None:
    """Why one language's settled units are too few for the index, or None when enough."""
    pos = sum(bool(r["human_hostile"]) for r in rows)
    neg = len(rows) - pos
    if pos >= floor[0] and neg >= floor[1]:
        return None
    return (f"{pos} unit(s) coded hostile and {neg} not, fewer than the {floor[0]} and {floor[1]} needed "
            "([audit] min_positives / min_negatives in rdi.toml)")


@dataclass
class RateRow:
    """Weighted rates of one language x channel type (``all`` = every type)."""

    lang: str
    channel_type: str
    units: int
    human_positive: int
    machine_positive: int
    values: dict[str, float | None] = field(default_factory=dict)   # se, se_lo, se_hi, ...
    not_estimable: dict[str, str] = field(default_factory=dict)     # rate -> why it (and its interval) is None


@dataclass
class RatesResult:
    """Rates of the chosen rounds and how complete they are."""

    rounds: list[str]
    model_versions: list[str]
    simulated: bool
    settled: int
    unsettled: int
    rows: list[RateRow] = field(default_factory=list)
    alpha: dict[str, float | None] = field(default_factory=dict)
    too_few: dict[str, str] = field(default_factory=dict)   # language -> why the index would not apply it
    dropped: int = 0   # sampled units gone from units before their second coding (audit_gold)


def gold_rows(con: Any, rounds: list[str]) -> list[dict[str, Any]]:
    """Settled audit units of ``rounds``: language, channel type, stratum, weights, flags."""
    cur = sqlfiles.run(con, "audit/gold", {"rounds": rounds})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def cells(rows: list[dict[str, Any]]) -> list[Cell]:
    """Group units into (round, language, stratum, machine flag) cells."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["audit_round"], r["lang"], r["stratum"], r["machine_hostile"]), []).append(r)
    return [Cell(bool(k[3]), len(g), sum(bool(r["human_hostile"]) for r in g), float(g[0]["incl_prob"]))
            for k, g in sorted(groups.items(), key=lambda kv: str(kv[0]))]


def rate_row(lang: str, channel_type: str, rows: list[dict[str, Any]], seed: int = 0) -> RateRow:
    """Point estimates and 95 % intervals of one domain."""
    cs = cells(rows)
    est, sims = point(cs), draws(cs, seed=seed)
    values: dict[str, float | None] = {}
    for m in METRICS:
        values[m] = est[m]
        lo, hi = interval(sims[m])
        if est[m] is None:  # not estimable: no interval either (a prior's spread is no finding)
            lo = hi = None
        elif lo is not None and hi is not None:
            # Jeffreys boundary rule (Brown, Cai & DasGupta 2001): the interval always holds the estimate
            lo, hi = min(lo, est[m]), max(hi, est[m])
        values[f"{m}_lo"], values[f"{m}_hi"] = lo, hi
    return RateRow(lang, channel_type, len(rows), sum(bool(r["human_hostile"]) for r in rows),
                   sum(bool(r["machine_hostile"]) for r in rows), values, not_estimable(cs))


def round_info(con: Any, quarter: str | None, model_version: str | None = None) -> list[tuple[Any, ...]]:
    """(round, model_version, simulated) of one quarter, or of every round of ``model_version``
    (real rounds only, unless all are simulated)."""
    if quarter:
        audit_round = parse_quarter(quarter)[0]
        found = con.execute("select audit_round, model_version, simulated from audit_rounds "
                            "where audit_round = ?", [audit_round]).fetchall()
        if not found:
            raise AuditError(f"no audit round {audit_round}; run rdi audit sample --quarter {audit_round}")
        return found
    mine = [(r["audit_round"], r["model_version"], r["simulated"]) for r in round_table(con)
            if model_version is None or r["model_version"] == model_version]
    real = [r for r in mine if not r[2]]
    return real or mine  # simulated rounds only when there is no real one (the demo)


def compute_rates(con: Any, rounds: list[str], *, seed: int = 0,
                  floor: tuple[int, int] = (MIN_POSITIVES, MIN_NEGATIVES)) -> RatesResult:
    """Rates per language x channel type and per language for ``rounds``, and the languages
    whose settled units are below ``floor`` (the index would not apply their rates)."""
    info = [r for r in round_table(con) if r["audit_round"] in rounds]
    rows = gold_rows(con, rounds)
    out = RatesResult(rounds, sorted({r["model_version"] for r in info}), any(r["simulated"] for r in info),
                      sum(r["units"] - r["unsettled"] for r in info), sum(r["unsettled"] for r in info),
                      dropped=sum(r["dropped"] for r in info))
    for lang in sorted({r["lang"] for r in rows}):
        in_lang = [r for r in rows if r["lang"] == lang]
        out.rows.append(rate_row(lang, "all", in_lang, seed))
        why = below_floor(in_lang, floor)
        if why:
            out.too_few[lang] = why
        for ct in sorted({r["channel_type"] for r in in_lang}):
            out.rows.append(rate_row(lang, ct, [r for r in in_lang if r["channel_type"] == ct], seed))
    out.alpha = hostile_alpha(con, rounds)
    return out


def rates(project: Project, quarter: str | None = None) -> RatesResult:
    """``rdi audit rates``: one quarter's round, or every (real) round of the current model."""
    con = open_snapshot(project)
    try:
        model = con.execute("select any_value(model_version) from current_model").fetchone()[0]
        info = round_info(con, quarter, None if quarter else model)
        if not info:
            raise AuditError("no audit round for the current model yet; run rdi audit sample --quarter YYYYQn")
        return compute_rates(con, [r for r, _, _ in info], floor=index_floor(project.config))
    finally:
        con.close()


def round_table(con: Any) -> list[dict[str, Any]]:
    """Every round with its coding progress (warehouse/sql/audit/rounds.sql)."""
    cur = sqlfiles.run(con, "audit/rounds")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def index_rounds(con: Any, model_version: str) -> tuple[list[str], list[str]]:
    """Rounds that feed the index for ``model_version``, and why others do not."""
    use, skipped = [], []
    for r in round_table(con):
        if r["model_version"] != model_version:
            continue
        rnd, total, unsettled = r["audit_round"], r["units"], r["unsettled"]
        if r["simulated"]:
            skipped.append(f"{rnd} simulated")
        elif total == 0 or unsettled:
            skipped.append(f"{rnd} incomplete ({unsettled} of {total} units without a final label)")
        else:
            use.append(rnd)
    return use, skipped


def index_rates(con: Any, model_version: str, *, seed: int = 0,
                floor: tuple[int, int] = (MIN_POSITIVES, MIN_NEGATIVES),
                ) -> tuple[dict[str, LangRates], str | None, dict[str, str]]:
    """Per-language audit rates for the index (Beta posteriors of Se and Sp), a note, and the
    languages whose audit is below ``floor`` with why (they get model or default rates)."""
    use, skipped = index_rounds(con, model_version)
    notes = [f"audit rounds not used: {'; '.join(skipped)}"] if skipped else []
    if not use:
        return {}, "; ".join(notes) or None, {}
    alphas = hostile_alpha(con, use)
    rows = gold_rows(con, use)
    out: dict[str, LangRates] = {}
    too_few: dict[str, str] = {}
    for lang in sorted({r["lang"] for r in rows}):
        in_lang = [r for r in rows if r["lang"] == lang]
        why = below_floor(in_lang, floor)
        if why:
            too_few[lang] = f"audit {'+'.join(use)} not applied: {why}"
            continue
        cs = cells(in_lang)
        sims, est = draws(cs, seed=seed), point(cs)
        se_ab, sp_ab = beta_fit(sims["se"]), beta_fit(sims["sp"])
        if se_ab is None or sp_ab is None:
            missing = not_estimable(cs)
            why = missing.get("se") or missing.get("sp") or "no variation"
            notes.append(f"audit {'+'.join(use)} cannot estimate Se/Sp for {lang} ({why}); "
                         "model or default rates used")
            continue
        out[lang] = LangRates(
            lang, est["tp"], est["fp"], est["fn"], est["tn"], f"audit:{'+'.join(use)}",
            se_ab=se_ab, sp_ab=sp_ab, alpha=alphas.get(lang),
            units=sum(c.n for c in cs))
    return out, "; ".join(notes) or None, too_few
