"""``rdi audit sample|packets|import|agreement|adjudicate|rates|report|ids``: the human audit
loop (AUDIT.md). Thin commands over :mod:`pipeline.audit`; tables rendered with Rich."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._app import HomeOpt, app

audit_app = typer.Typer(no_args_is_help=True,
                        help="Human audit: stratified sample, blind coding, agreement, error rates (AUDIT.md).")
app.add_typer(audit_app, name="audit")

QuarterOpt = Annotated[str, typer.Option("--quarter", help="Audit round = quarter, YYYYQn (e.g. 2026Q3).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _project(home: Path | None) -> Any:
    from pipeline.config import load_project

    return load_project(home)


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, default=str, ensure_ascii=False, indent=2))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*["–" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v) for v in r])
    Console(width=140).print(table)


def not_estimable_lines(missing: dict[str, str]) -> list[str]:
    """'Se, Sp not estimable: <reason>' per reason (recall is Se; '–' in the table)."""
    names = {"se": "Se", "sp": "Sp", "precision": "precision"}
    by_reason: dict[str, list[str]] = {}
    for m, why in missing.items():
        if m in names:
            by_reason.setdefault(why, []).append(names[m])
    return [f"{', '.join(ms)} not estimable: {why}" for why, ms in by_reason.items()]


def _ci(values: dict[str, Any], m: str) -> str:
    v, lo, hi = values.get(m), values.get(f"{m}_lo"), values.get(f"{m}_hi")
    if v is None:
        return "–"
    return f"{v:.3f} [{lo:.3f}, {hi:.3f}]" if lo is not None else f"{v:.3f}"


@audit_app.command("sample")
def sample_cmd(
    quarter: QuarterOpt,
    home: HomeOpt = None,
    per_language: Annotated[int, typer.Option("--per-language", min=5, help="Units per language (40/40/20 % G/E/R).")] = 150,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same sample).")] = 20130101,
    as_json: JsonOpt = False,
) -> None:
    """Draw the quarter's stratified sample (G flagged, E near-misses, R random) with inclusion probabilities."""
    from pipeline.audit.sample import sample_round

    res = sample_round(_project(home), quarter, per_language=per_language, seed=seed)
    if as_json:
        return _json(asdict(res))
    state = "drawn" if res.created else "already drawn (unchanged)"
    _table(f"audit round {res.audit_round} {state}: {res.units} units, model {res.model_version}, seed {res.seed}",
           ["lang", "stratum", "population N", "asked", "sampled n", "inclusion prob"],
           [[s.lang, s.stratum, s.population, s.asked, s.sampled, s.incl_prob] for s in res.strata])


@audit_app.command("packets")
def packets_cmd(
    quarter: QuarterOpt,
    coder: Annotated[list[str], typer.Option("--coder", help="Coder name (repeatable; two per language).")],
    home: HomeOpt = None,
    out: Annotated[Path | None, typer.Option("--out", file_okay=False, help="Folder (default <home>/audit/<round>).")] = None,
) -> None:
    """Write blind coding packets per coder: Label Studio tasks + labeling config, and a CSV."""
    from pipeline.audit.packets import write_packets

    res = write_packets(_project(home), quarter, coder, out)
    typer.echo(f"round {res.audit_round}: {res.units} units per coder")
    for f in res.files:
        typer.echo(f)


@audit_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="Label Studio export (.json) or coded CSV packet (.csv).", dir_okay=False)],
    coder: Annotated[str, typer.Option("--coder", help="Who coded the file.")],
    home: HomeOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite this coder's earlier codings of the same units.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import one coder's codings; every row is validated and nothing is written if one is bad."""
    from pipeline.audit.importer import import_codings

    res = import_codings(_project(home), file, coder, replace=replace)
    if as_json:
        return _json(asdict(res))
    typer.echo(f"{res.file}: {res.inserted} new, {res.replaced} replaced, {res.unchanged} unchanged, "
               f"{res.skipped_uncoded} not coded yet (coder {res.who}, rounds {', '.join(res.rounds) or '–'})")


@audit_app.command("agreement")
def agreement_cmd(
    quarter: QuarterOpt,
    home: HomeOpt = None,
    out: Annotated[Path | None, typer.Option("--out", dir_okay=False, help="Adjudication sheet (default <home>/audit/<round>/adjudication.csv).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Krippendorff's alpha per label and language; list the disagreements for a third coder."""
    from pipeline.audit.agreement import agreement

    res = agreement(_project(home), quarter, out=out)
    if as_json:
        return _json(asdict(res))
    if not res.alphas:
        typer.echo(f"round {res.audit_round}: no codings imported yet (rdi audit import FILE --coder NAME)")
        return
    _table(f"agreement, round {res.audit_round} (alpha >= 0.80 publishable, >= 0.667 provisional)",
           ["lang", "label", "alpha", "verdict", "units coded twice", "coders"],
           [[a.lang, a.label, a.alpha, a.verdict, a.units, a.coders] for a in res.alphas])
    if res.disagreements:
        _table(f"{len(res.disagreements)} disagreement(s) for the third coder",
               ["unit_id", "lang", "differs on", *sorted({k for d in res.disagreements for k in d if k.startswith("coder_")})],
               [[d["unit_id"], d["lang"], d["differs_on"], *[d.get(k) for k in sorted(
                   {k for x in res.disagreements for k in x if k.startswith("coder_")})]] for d in res.disagreements])
        typer.echo(f"adjudication sheet: {res.adjudication_file} (fill the label columns, then "
                   f"rdi audit adjudicate {res.adjudication_file} --adjudicator NAME)")
    else:
        typer.echo("no open disagreements")


@audit_app.command("adjudicate")
def adjudicate_cmd(
    adjudicator: Annotated[str, typer.Option("--adjudicator", help="The senior coder deciding.")],
    file: Annotated[Path | None, typer.Argument(help="Filled adjudication sheet (.csv) or Label Studio export (.json).", dir_okay=False)] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Decide one unit instead of a file.")] = None,
    history: Annotated[int, typer.Option("--history", min=0, max=1)] = 0,
    territory: Annotated[int, typer.Option("--territory", min=0, max=1)] = 0,
    nationalist: Annotated[int, typer.Option("--nationalist", min=0, max=1)] = 0,
    conciliatory: Annotated[int, typer.Option("--conciliatory", min=0, max=1)] = 0,
    target: Annotated[str | None, typer.Option("--target", help="JP KR US KP CN other (with --unit).")] = None,
    severity: Annotated[int, typer.Option("--severity", min=0, max=3)] = 0,
    note: Annotated[str | None, typer.Option("--note")] = None,
    home: HomeOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite an earlier adjudication.")] = False,
) -> None:
    """Record final labels: from a filled adjudication sheet, or for one unit (--unit ID --nationalist 1 ...)."""
    from pipeline.audit.importer import adjudicate_unit, import_codings

    if (file is None) == (unit is None):
        raise typer.BadParameter("give exactly one of FILE or --unit ID")
    project = _project(home)
    if file is not None:
        res = import_codings(project, file, adjudicator, replace=replace, table="audit_adjudications")
    else:
        values = {"history": history, "territory": territory, "nationalist": nationalist,
                  "conciliatory": conciliatory, "target": target, "severity": severity, "note": note}
        res = adjudicate_unit(project, unit, adjudicator, values, replace=replace)
    typer.echo(f"adjudicated: {res.inserted} new, {res.replaced} replaced, {res.unchanged} unchanged, "
               f"{res.skipped_uncoded} left blank (adjudicator {res.who})")


def _render_rates(res: Any, title: str) -> None:
    _table(title, ["lang", "channel type", "units", "human +", "machine +", "Se = recall [95 %]",
                   "Sp [95 %]", "precision [95 %]", "alpha (hostile)"],
           [[r.lang, r.channel_type, r.units, r.human_positive, r.machine_positive, _ci(r.values, "se"),
             _ci(r.values, "sp"), _ci(r.values, "precision"),
             res.alpha.get(r.lang) if r.channel_type == "all" else None] for r in res.rows])
    for r in res.rows:
        for line in not_estimable_lines(r.not_estimable):
            typer.echo(f"{r.lang} {r.channel_type}: {line}")
    for lang, why in res.too_few.items():
        typer.echo(f"{lang}: too few audited units for the index to apply these rates: {why}; "
                   "rdi index uses the model's test-set rates or the default for it instead")


@audit_app.command("rates")
def rates_cmd(
    home: HomeOpt = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help="One round (default: every real round of the current model; simulated ones only if there is no real one).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Weighted Se, Sp, precision and recall of the hostile flag per language and channel type, 95 % intervals."""
    from pipeline.audit.rates import rates

    res = rates(_project(home), quarter)
    if as_json:
        return _json(asdict(res))
    sim = " — SIMULATED round(s)" if res.simulated else ""
    _render_rates(res, f"error rates, rounds {', '.join(res.rounds)}{sim} ({res.settled} units with a final label)")
    if res.unsettled:
        typer.echo(f"warning: {res.unsettled} sampled unit(s) have no final label yet (uncoded, single-coded "
                   "or pending adjudication); they are left out, and the round does not feed the index")
    if res.dropped:
        typer.echo(f"{res.dropped} sampled unit(s) are gone from the warehouse (withdrawn upstream, or a turn a later "
                   "load no longer finds) before their second coding: dropped from the round and its rates "
                   "(view audit_gold, status 'dropped', dropped_reason)")


@audit_app.command("report")
def report_cmd(home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    """Rounds, agreement, error rates, what the index uses, and the human index check."""
    from pipeline.audit.report import report

    res = report(_project(home))
    if as_json:
        return _json(asdict(res))
    _table("audit rounds", ["round", "model", "simulated", "units", "double-coded", "agreed", "adjudicated", "pending",
                            "dropped (gone)"],
           [[r["audit_round"], r["model_version"], "yes" if r["simulated"] else "no", r["units"],
             r["double_coded"], r["agreed"], r["adjudicated"], r["pending"], r["dropped"]] for r in res.rounds])
    if res.rates is not None:
        sim = " — includes SIMULATED round(s)" if res.rates.simulated else ""
        _render_rates(res.rates, f"error rates of model {res.model_version}, rounds {', '.join(res.rates.rounds)}{sim}")
    used = ", ".join(f"{k}={v}" for k, v in res.index_error_rates.items()) or "no index yet"
    typer.echo(f"index error rates (latest release): {used}")
    typer.echo(f"rounds feeding the index: {', '.join(res.index_rounds) or 'none'}"
               + (f" (not used: {'; '.join(res.index_skipped)})" if res.index_skipped else ""))
    _table("human index check: weighted hostile share, human vs machine", ["actor", "quarter", "human", "machine"],
           [[q["actor"], q["quarter"], q["human_share"], q["machine_share"]] for q in res.quarterly])
    def fmt(r: float | None) -> str:
        return "n/a (fewer than 3 points or no variation)" if r is None else f"{r:.3f}"
    typer.echo(f"correlation human vs machine over {len(res.quarterly)} actor-quarters: {fmt(res.correlation_all)} "
               f"(pre-registered target >= {res.target_correlation})")
    for actor, r in res.correlation_by_actor.items():
        typer.echo(f"  {actor} over its quarters: {fmt(r)}")


@audit_app.command("ids")
def ids_cmd(
    home: HomeOpt = None,
    out: Annotated[Path | None, typer.Option("--out", dir_okay=False, help="Write here instead of stdout.")] = None,
) -> None:
    """Print (or write) every audited unit id, one per line: the list rdi train refuses (--audited-ids).

    Writing to an existing list keeps its ids: an id once audited (in another home, or in a
    warehouse since rebuilt) must never train."""
    from pipeline.audit.separation import audited_ids, read_ids

    found = audited_ids(_project(home))
    kept = read_ids(out) - found if out is not None and out.is_file() else set()
    ids = sorted(found | kept)
    text = "".join(f"{i}\n" for i in ids)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, "utf-8")
        typer.echo(f"{len(ids)} audited unit id(s) -> {out}"
                   + (f" ({len(kept)} of them already listed there, not in this warehouse)" if kept else ""))
