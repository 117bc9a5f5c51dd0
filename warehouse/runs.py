"""The ``runs`` history: one row per load, tag, index or export cycle."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import metadata
from typing import Any


def software_version() -> str:
    """Return the installed rdi version (``0+unknown`` when not installed)."""
    try:
        return metadata.version("rdi")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def next_run_id(con: Any) -> int:
    """Return the next run id (single writer: max + 1 inside the writer's transaction)."""
    return int(con.execute("select coalesce(max(run_id), 0) + 1 from runs").fetchall()[0][0])


def record_run(
    con: Any,
    run_id: int,
    kind: str,
    started_at: datetime,
    status: str,
    details: dict[str, Any],
) -> None:
    """Insert or replace the row of ``run_id``."""
    con.execute(
        "insert or replace into runs values (?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            kind,
            started_at,
            datetime.now(UTC),
            status,
            software_version(),
            json.dumps(details, default=str, ensure_ascii=False),
        ],
    )


def record_failure(con: Any, kind: str, started_at: datetime, error: BaseException) -> None:
    """Best effort: note a failed cycle in its own transaction after the rollback."""
    try:
        run_id = next_run_id(con)
        record_run(con, run_id, kind, started_at, "failed", {"error": str(error)[:500]})
    except Exception:  # noqa: BLE001 - never mask the original error
        pass
