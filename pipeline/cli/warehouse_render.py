"""Rendering for the warehouse commands (Rich tables, CSV, JSON) and the SQL prompt."""

from __future__ import annotations

import csv
import io
import json
import sys

from pipeline.config import Project
from pipeline.sql import QueryResult, SqlError, open_snapshot, run_query


def render(result: QueryResult, fmt: str = "table") -> None:
    """Print a query result as a Rich table, CSV or JSON lines."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        sys.stdout.write(buf.getvalue())
    elif fmt == "json":
        for row in result.rows:
            print(json.dumps(dict(zip(result.columns, row)), default=str, ensure_ascii=False))
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*("NULL" if v is None else str(v) for v in row))
        console = Console()
        console.print(table)
        if result.truncated:
            console.print(f"(first {len(result.rows)} rows; use --max-rows for more)")
    else:
        raise ValueError(f"unknown --format {fmt!r}: use table, csv or json")
    if result.truncated and fmt != "table":
        print(f"warning: output cut at {len(result.rows)} rows (--max-rows)", file=sys.stderr)


def interactive(project: Project) -> None:
    """A minimal prompt: one query per line, ``.quit`` or EOF to leave."""
    from rich.console import Console

    console = Console()
    con = open_snapshot(project)
    console.print(f"rdi sql on {project.snapshot_path} (read-only). .quit to leave.")
    try:
        while True:
            try:
                line = console.input("rdi> ").strip()
            except EOFError:
                break
            if line in {".quit", ".exit", "\\q"}:
                break
            if not line:
                continue
            try:
                render(run_query(project, line, max_rows=1000, con=con))
            except SqlError as exc:
                console.print(f"error: {exc}")
    finally:
        con.close()
