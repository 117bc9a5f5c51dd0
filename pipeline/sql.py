"""``rdi sql``: read-only queries against the published snapshot, values bound as parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Project
from warehouse import db


class SqlError(db.WarehouseError):
    """The query failed; the message is DuckDB's first line."""


@dataclass
class QueryResult:
    """Column names and rows of one query."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    truncated: bool = False


def open_snapshot(project: Project) -> Any:
    """Open the snapshot read-only, with file access and settings changes disabled."""
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def run_query(
    project: Project,
    query: str,
    params: dict[str, Any] | list[Any] | None = None,
    *,
    max_rows: int | None = None,
    con: Any = None,
) -> QueryResult:
    """Run one query on the snapshot; ``$name`` or ``?`` placeholders take ``params``."""
    import duckdb

    own = con is None
    con = con or open_snapshot(project)
    try:
        try:
            cur = con.execute(query, params) if params else con.execute(query)
        except duckdb.Error as exc:
            raise SqlError(str(exc).strip().splitlines()[0]) from exc
        if cur is None:  # DuckDB returns no cursor for an empty query ("", ";")
            raise SqlError("no SQL statement in the query")
        if cur.description is None:
            return QueryResult(columns=[])
        columns = [d[0] for d in cur.description]
        if max_rows is None:
            return QueryResult(columns, cur.fetchall())
        rows = cur.fetchmany(max_rows + 1)
        return QueryResult(columns, rows[:max_rows], truncated=len(rows) > max_rows)
    finally:
        if own:
            con.close()


def parse_params(pairs: list[str]) -> dict[str, str]:
    """Turn ``["name=value", ...]`` into a dict for ``$name`` placeholders."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise SqlError(f"bad --param {pair!r}: want NAME=VALUE")
        out[name] = value
    return out
