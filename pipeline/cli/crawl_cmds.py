"""``rdi crawl`` and ``rdi parse``: thin wrappers over :mod:`pipeline.crawl` and :mod:`pipeline.parse`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._app import HomeOpt, app


@app.command("crawl")
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Source id (repeatable); default all.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Back-fill archives down to this date (YYYY-MM-DD).")] = None,
    parallel: Annotated[int | None, typer.Option("--parallel", help="Sources crawled at once.")] = None,
    home: HomeOpt = None,
) -> None:
    """Crawl sources into <home>/staging/<source>/<run_id>.jsonl; exit 1 if a source failed."""
    from rich.console import Console
    from rich.table import Table

    from pipeline.config import load_project
    from pipeline.crawl import run_crawl

    project = load_project(home)
    results = run_crawl(project, source or None, since=since, parallel=parallel)
    table = Table(title="crawl")
    for col in ("source", "status", "new", "updated", "unchanged", "requests", "errors", "seconds", "problems"):
        table.add_column(col)
    for r in results:
        h = r.health
        table.add_row(
            r.source, "[green]ok[/]" if r.ok else "[red]FAILED[/]", str(h.get("items_new", 0)),
            str(h.get("items_updated", 0)), str(h.get("items_unchanged", 0)), str(h.get("requests", 0)),
            str(h.get("errors", 0)), f"{r.elapsed_s:.1f}",
            "; ".join([*r.problems, *(f"warning: {w}" for w in h.get("warnings", []))]),
        )
    Console().print(table)
    failed = [r for r in results if not r.ok]
    for r in failed:  # one line each on stderr: the table clips, and the scheduler keeps the last line
        typer.echo(f"error: {r.source}: {'; '.join(r.problems) or f'exit code {r.exit_code}'}", err=True)
    if failed:
        raise typer.Exit(code=1)


@app.command("parse")
def parse(
    source: Annotated[str, typer.Option("--source", help="Source id (spider) that owns the page.")],
    url: Annotated[str, typer.Option("--url", help="The page's real URL (routes the callback).")],
    file: Annotated[Path | None, typer.Option("--file", help="Saved page to use instead of the network.")] = None,
    follow: Annotated[bool, typer.Option("--follow", help="Also print non-statement links as {'follow': url}.")] = False,
) -> None:
    """Run a source's spider on one page; print statements and {"discovered": url} as JSON lines."""
    from pipeline.parse import parse_page

    for record in parse_page(source, url, file, follow=follow):
        typer.echo(json.dumps(record, ensure_ascii=False))
