"""``rdi report``: the month's brief as one self-contained HTML file and its PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._app import HomeOpt, app


@app.command("report")
def report_cmd(
    month: Annotated[
        str | None, typer.Option("--month", help="Month, YYYY-MM (default: the latest indexed month).")
    ] = None,
    home: HomeOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder (default <home>/reports).", file_okay=False)
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also print a PDF with headless Chromium.")] = True,
) -> None:
    """Write the monthly report (headline, trends, evidence, coverage, method) as HTML and PDF."""
    from rich.console import Console

    from pipeline.config import load_project
    from pipeline.report import build_report

    result = build_report(load_project(home), month, out=out, pdf=pdf)
    console = Console()
    console.print(f"wrote {result.html}", soft_wrap=True)
    if result.pdf is not None:
        console.print(f"wrote {result.pdf}", soft_wrap=True)
    else:
        console.print(f"[yellow]PDF skipped[/]: {result.pdf_skipped}", highlight=False, soft_wrap=True)
