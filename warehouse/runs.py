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


STEP_FIELDS = (
    "run_id", "step", "source", "started_at", "ended_at", "status", "attempts", "requests",
    "responses", "http_errors", "items_new", "items_updated", "items_unchanged", "items_seen",
    "errors", "text_ratio", "text_samples", "exit_reason", "warehouse_run_id", "details",
)


def record_steps(con: Any, steps: list[dict[str, Any]]) -> int:
    """Insert scheduled-step records into ``run_steps``; a step already recorded is kept as is.

    Each record has the keys of :data:`STEP_FIELDS` (missing ones are null; ``details`` may be
    a dict). Returns the number of rows now present for the given ``(run_id, step)`` keys.
    """
    from warehouse import sqlfiles

    if not steps:
        return 0
    rows = []
    for s in steps:
        row = {k: s.get(k) for k in STEP_FIELDS}
        if not isinstance(row["details"], str | None):
            row["details"] = json.dumps(row["details"], default=str, ensure_ascii=False)
        rows.append(row)
    sqlfiles.run(con, "status/insert_steps", {"rows": json.dumps(rows, default=str, ensure_ascii=False)})
    return len(rows)
