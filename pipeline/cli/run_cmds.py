"""``rdi run`` (every stage) and ``rdi demo`` (every stage on the bundled offline archive)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._app import HomeOpt, app


@app.command("run")
def run_cmd(
    home: HomeOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only these sources (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Back-fill archives from YYYY-MM-DD.")] = None,
) -> None:
    """Run every stage: crawl → load → tag → index."""
    from rich.console import Console

    from pipeline.config import load_project
    from pipeline.run import run_all

    console = Console(stderr=True)
    project = load_project(home)
    summary = run_all(project, sources=source, since=since, progress=lambda s: console.print(f"[bold]{s}[/]"))
    for r in summary.crawl:
        console.print(f"{r.source}: {'ok' if r.ok else 'FAILED'} ({r.items} items)")
    console.print(f"loaded {summary.load.new_statements} new statements, tagged {summary.tag.units_tagged} units, "
                  f"index {summary.index.first_month}..{summary.index.last_month}")
    if summary.failed_sources:
        raise typer.Exit(1)


@app.command("demo")
def demo_cmd(
    home: Annotated[
        Path | None, typer.Option("--home", help="Where to write the demo (default ./rdi-demo).", file_okay=False)
    ] = None,
) -> None:
    """Crawl the bundled offline archive with the real spiders and build the index end to end."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from pipeline.demo import run_demo

    console = Console()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        task = bar.add_task("rdi demo", total=5)

        def step(name: str, i: int, n: int) -> None:
            bar.update(task, description=name, completed=i - 1, total=n)

        summary = run_demo(home, progress=step)
        bar.update(task, description="done", completed=bar.tasks[0].total)

    table = Table(title=f"rdi demo → {summary.home}")
    table.add_column("source")
    table.add_column("crawl")
    table.add_column("statements in warehouse", justify="right")
    crawl = {r.source: r for r in summary.crawl}
    for source in sorted(set(crawl) | set(summary.statements_per_source)):
        r = crawl.get(source)
        table.add_row(source, "ok" if r and r.ok else "FAILED", str(summary.statements_per_source.get(source, 0)))
    console.print(table)
    console.print(f"sentences tagged: {summary.sentences_tagged}   months indexed: {summary.months_indexed} "
                  f"(latest {summary.latest_month})")
    for f in summary.files:
        console.print(f"wrote {f}")
    for extra, value in summary.extras.items():
        if extra != "release":
            console.print(f"{extra}: {value}")
    if summary.failed_sources:
        console.print(f"[red]failed sources: {', '.join(summary.failed_sources)}[/]")
        raise typer.Exit(1)
