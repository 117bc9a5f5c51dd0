"""Operations: ``rdi status`` and ``rdi schedule run|once|check|install``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._app import HomeOpt, app

schedule_app = typer.Typer(no_args_is_help=True, help="Scheduled crawling (crawl → load → tag → index per source).")
app.add_typer(schedule_app, name="schedule")

SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Only these sources (repeatable).")]
CronOpt = Annotated[
    list[str] | None,
    typer.Option("--cron", help="Override a schedule: SOURCE='CRON' (5 fields, or 6 with seconds first)."),
]


def _overrides(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        src, sep, cron = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--cron {item!r}: expected SOURCE=CRON")
        out[src.strip()] = cron.strip().strip("'\"")
    return out


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _vs(value: int, usual: float | None) -> str:
    return f"{value} (usual {usual:.0f})" if usual is not None else str(value)


def _render_status(st: Any) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    table = Table("source", "country", "statements", "eligible", "tagged", "first", "last",
                  title="rdi status · warehouse")
    for s in st.sources:
        table.add_row(s.source, s.country, str(s.statements), str(s.units_eligible),
                      str(s.units_tagged), s.first_date or "", s.last_date or "")
    if st.sources:
        console.print(table)
    if st.health:
        health = Table("source", "last run", "last success", "stale / cadence", "items 7 d", "items 30 d",
                       "HTTP errors", "text vs generic", "alerts", title="rdi status · sources")
        for h in st.health:
            stale = f"{_ago(h.staleness_s)} / {_ago(h.cadence_s)}"
            errs = "-" if h.error_share is None else f"{h.error_share:.0%}" + (
                f" (usual {h.usual_error_share:.0%})" if h.usual_error_share is not None else "")
            drift = "-" if h.text_ratio is None else f"{h.text_ratio:.2f}" + (
                f" (usual {h.usual_text_ratio:.2f})" if h.usual_text_ratio is not None else "")
            alerts = ", ".join(h.alerts)
            colour = "red" if h.alerts else "green"
            health.add_row(
                escape(h.source), f"{h.last_status} {h.last_run_at[:16]}", (h.last_success or "never")[:16], stale,
                _vs(h.items_7d, h.usual_7d), _vs(h.items_30d, h.usual_30d), errs, drift,
                f"[{colour}]{escape(alerts or 'ok')}[/]",
            )
        console.print(health)
    last: dict[str, Any] = st.last_load or {}
    console.print(
        f"statements {st.statements} · quarantined {st.quarantined} · "
        f"last load {last.get('started_at', 'never')} · latest month {st.latest_month or '-'} · "
        f"latest index month {st.latest_index_month or '-'} · vintage {st.vintage or '-'}"
    )
    if st.index_outdated:
        console.print("[yellow]" + escape(st.index_outdated) + "[/]")
    for lock in st.locks:
        console.print("[cyan]running[/] " + escape(f"{lock['name']}: held {lock['held_by']}"))
    for a in st.alerts:
        console.print("[red]alert[/] " + escape(f"[{a['kind']}] {a['subject']}: {a['message']}"))


@app.command("status")
def status_cmd(
    home: HomeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    notify: Annotated[bool, typer.Option(
        "--notify", help="Also log new and resolved alerts and send them to the webhook.")] = False,
) -> None:
    """Per-source health and warehouse counts; exit 1 when a source needs attention."""
    from pipeline.config import load_project
    from pipeline.status import status

    project = load_project(home)
    if notify:
        from pipeline.alerts import check_alerts

        check_alerts(project)
    result = status(project)
    if as_json:
        import json

        typer.echo(json.dumps(asdict(result), default=str, ensure_ascii=False, indent=2))
    else:
        _render_status(result)
    if result.needs_attention:
        raise typer.Exit(1)


@schedule_app.command("run")
def schedule_run(
    home: HomeOpt = None,
    source: SourceOpt = None,
    cron: CronOpt = None,
    log_format: Annotated[str, typer.Option("--log-format", help="text | json (one event per line, with run ids).")] = "text",
    stop_after: Annotated[float | None, typer.Option(help="Stop after N seconds, letting running cycles finish.")] = None,
) -> None:
    """Run the scheduler until SIGTERM: each source on its own cron schedule."""
    from pipeline.config import load_project
    from pipeline.runlog import setup_logging
    from pipeline.schedule import CycleRunner, load_schedules, run_scheduler

    project = load_project(home)
    schedules = load_schedules(project, _overrides(cron), source)
    runner = CycleRunner(project)
    setup_logging(log_format)
    project.ensure_dirs()
    run_scheduler(project, schedules, runner, stop_after=stop_after)


@schedule_app.command("once")
def schedule_once(
    home: HomeOpt = None,
    source: Annotated[list[str], typer.Option("--source", help="Source(s) to run one cycle for.")] = ...,  # type: ignore[assignment]
    log_format: Annotated[str, typer.Option("--log-format", help="text | json.")] = "text",
) -> None:
    """Run one locked cycle per source now (what systemd timers and cron lines call).

    Exit 0 when every cycle succeeded or was skipped because one was already running."""
    import signal

    from pipeline.config import load_project
    from pipeline.runlog import setup_logging
    from pipeline.schedule import CycleRunner, bad_schedules, known_sources, unknown_source_problems

    project = load_project(home)
    known_sources(source)  # a cycle needs no cron: a bad cron line only warns
    runner = CycleRunner(project)
    logger = setup_logging(log_format)
    for problem in unknown_source_problems(project):
        logger.warning("unknown source in rdi.toml", extra={"detail": problem})
    for problem in bad_schedules(project).values():
        logger.warning("bad cron line in rdi.toml", extra={"detail": problem})
    project.ensure_dirs()
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    failed = False
    for src in source:
        if runner.stopping.is_set():
            break
        res = runner.run_cycle(src)
        typer.echo(f"{res.source}\t{res.status}\t{res.run_id}")
        failed |= res.status not in ("ok", "skipped_busy")
    raise typer.Exit(1 if failed or runner.stopping.is_set() else 0)


@schedule_app.command("check")
def schedule_check(home: HomeOpt = None) -> None:
    """Check the schedule and alert configuration in rdi.toml; exit 1 on an error (e.g. an unknown source
    or a bad cron line).

    ``rdi schedule run`` and ``once`` only warn about a source that crawlers/sources.toml no
    longer holds, or whose cron line is bad (and raise an alert), so that one stale name or typo
    does not stop every crawl."""
    from pipeline.alerts import AlertSettings
    from pipeline.config import load_project
    from pipeline.schedule import load_schedules, revisit_warnings, schedule_options

    project = load_project(home)
    schedule_options(project)
    AlertSettings.from_project(project)
    schedules = load_schedules(project, strict=True)
    for warning in revisit_warnings(schedules):
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"ok: {len(schedules)} source(s) scheduled")


@schedule_app.command("install")
def schedule_install(
    home: HomeOpt = None,
    systemd: Annotated[bool, typer.Option("--systemd", help="Write systemd service + timer units.")] = False,
    cron: Annotated[bool, typer.Option("--cron", help="Write crontab lines.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print instead of writing.")] = False,
    unit_dir: Annotated[Path, typer.Option("--dir", help="Where to write systemd units.")] = Path("~/.config/systemd/user"),
    source: SourceOpt = None,
) -> None:
    """Write the schedules for the operating system's scheduler (systemd or cron)."""
    from pipeline.config import load_project
    from pipeline.install import crontab_lines, systemd_units
    from pipeline.schedule import load_schedules

    if systemd == cron:
        raise typer.BadParameter("choose exactly one of --systemd or --cron")
    project = load_project(home)
    schedules = load_schedules(project, None, source, strict=True)
    files = systemd_units(project, schedules) if systemd else [crontab_lines(project, schedules)]
    target = unit_dir.expanduser() if systemd else project.home
    for f in files:
        if dry_run:
            typer.echo(f"# --- {f.name}\n{f.content}")
        else:
            target.mkdir(parents=True, exist_ok=True)
            (target / f.name).write_text(f.content, "utf-8")
            typer.echo(str(target / f.name))
    if not dry_run:
        hint = ("systemctl --user daemon-reload && systemctl --user enable --now 'rdi-*.timer'" if systemd
                else f"crontab {project.home / 'rdi.crontab'}  (replaces your crontab; merge by hand if you have one)")
        typer.echo(f"next: {hint}", err=True)
