"""Run history of scheduled steps: a crash-safe journal flushed into the warehouse.

A step's record is appended to ``<home>/state/run_steps.jsonl`` (one JSON line, fsynced) the
moment the step ends, so nothing is lost if the scheduler is killed. The journal is flushed
into the ``run_steps`` table by whoever holds the warehouse-writer lock (the scheduler, after
a cycle's load/tag/index), then the snapshot is republished so ``rdi status`` sees it.
Flushing is idempotent: a step already in the table is not inserted twice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from crawlers.files import write_atomic
from pipeline.config import Project
from pipeline.locks import FileLock


def journal_path(project: Project) -> Path:
    """Where step records wait for the next flush."""
    return project.state_dir / "run_steps.jsonl"


def append_steps(project: Project, records: list[dict[str, Any]]) -> None:
    """Append step records to the journal (fsynced; safe against concurrent appenders)."""
    if not records:
        return
    path = journal_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(r, default=str, ensure_ascii=False) + "\n" for r in records)
    with _journal_lock(project):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def _journal_lock(project: Project) -> FileLock:
    """Held while appending, and while the flushed part is cut off the journal."""
    return FileLock(project.state_dir / "locks", "run-steps-journal").acquire(wait=60)


def pending_steps(project: Project) -> list[dict[str, Any]]:
    """Records in the journal (a torn last line from a crash is skipped)."""
    path = journal_path(project)
    if not path.exists():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def flush_steps(project: Project, *, timeout: float = 60.0) -> int:
    """Write the journal into ``run_steps`` and republish the snapshot; return rows flushed.

    Call only while holding the warehouse-writer lock. The journal is truncated after the
    commit; a crash in between re-inserts nothing (the insert skips known steps).
    """
    from warehouse import db
    from warehouse.runs import record_steps

    records = pending_steps(project)
    if not records:
        return 0
    path = journal_path(project)
    size = path.stat().st_size
    with db.writer(project.warehouse_path, timeout=timeout) as con:
        with db.transaction(con):
            record_steps(con, records)
        db.publish_snapshot(con, project.snapshot_path)
    with _journal_lock(project):
        _drop_prefix(path, size)
    return len(records)


def _drop_prefix(path: Path, size: int) -> None:
    """Remove the first ``size`` bytes (the flushed records); keep lines appended meanwhile."""
    with open(path, "rb") as fh:
        fh.seek(size)
        rest = fh.read()
    write_atomic(path, rest)
