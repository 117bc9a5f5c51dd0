"""``rdi schedule run|once|install``: unattended operation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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


@schedule_app.command("run")
def schedule_run(
    home: HomeOpt = None,
    source: SourceOpt = None,
    cron: CronOpt = None,
    retries: Annotated[int, typer.Option(help="Retries per failed step (exponential backoff).")] = 2,
    backoff: Annotated[float, typer.Option(help="First retry delay in seconds.")] = 30.0,
    stop_after: Annotated[float | None, typer.Option(help="Stop after N seconds (tests, smoke runs).")] = None,
) -> None:
    """Run the scheduler until SIGTERM: each source on its own cron schedule."""
    from pipeline.config import load_project
    from pipeline.schedule import CycleRunner, load_schedules, run_scheduler

    project = load_project(home)
    project.ensure_dirs()
    schedules = load_schedules(project, _overrides(cron), source)
    runner = CycleRunner(project, retries=retries, backoff=backoff)
    typer.echo(f"scheduler: {len(schedules)} sources, home {project.home}; SIGTERM to stop", err=True)
    run_scheduler(project, schedules, runner, stop_after=stop_after)


@schedule_app.command("once")
def schedule_once(
    home: HomeOpt = None,
    source: Annotated[list[str], typer.Option("--source", help="Source(s) to run one cycle for.")] = ...,  # type: ignore[assignment]
) -> None:
    """Run one locked cycle per source now (what systemd timers and cron lines call)."""
    from pipeline.config import load_project
    from pipeline.schedule import CycleRunner, load_schedules

    project = load_project(home)
    project.ensure_dirs()
    load_schedules(project, None, source)  # validates the ids
    runner = CycleRunner(project)
    failed = False
    for src in source:
        res = runner.run_cycle(src)
        typer.echo(f"{res.source}\t{res.status}\t{res.run_id}")
        failed |= res.status not in ("ok", "skipped_busy")
    raise typer.Exit(1 if failed else 0)


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
    schedules = load_schedules(project, None, source)
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
        hint = ("systemctl --user daemon-reload && systemctl --user enable --now rdi-*.timer" if systemd
                else f"crontab {project.home / 'rdi.crontab'}")
        typer.echo(f"next: {hint}", err=True)
