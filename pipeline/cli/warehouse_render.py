"""Rendering for the warehouse commands (Rich tables, CSV, JSON) and the SQL prompt."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

from pipeline.config import Project
from pipeline.sql import QueryResult, SqlError, open_snapshot, run_query
from pipeline.status import WarehouseStatus


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


def render_status(st: WarehouseStatus) -> None:
    """Print per-source counts and the warehouse summary."""
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "country", "channel", "statements", "eligible units",
                  "tagged", "first", "last", "last loaded", title="rdi status")
    for s in st.sources:
        table.add_row(s.source, s.country, s.channel, str(s.statements), str(s.units_eligible),
                      str(s.units_tagged), s.first_date or "", s.last_date or "",
                      s.last_loaded_at or "")
    console = Console()
    console.print(table)
    last: dict[str, Any] = st.last_load or {}
    console.print(
        f"statements {st.statements} · quarantined {st.quarantined} · "
        f"last load {last.get('started_at', 'never')} · latest month {st.latest_month or '-'} · "
        f"latest index month {st.latest_index_month or '-'} · vintage {st.vintage or '-'}"
    )
