"""Open the warehouse: one writer with lock retry, readers on the published snapshot.

DuckDB lets one process hold a database file open for writing, and while it does no
other process can open it at all (perf_baselines.md §3.1). So the single writer (load,
tag, index) works in short connect-write-close cycles and, after each committed cycle,
publishes a read-only copy (``snapshot.duckdb``) by atomic rename. Readers (``rdi sql``,
exports, the report, ``duckdb -readonly``) open only the snapshot: they never wait for a
writer and never see a half-finished cycle.
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawlers.files import replace_durably

#: Storage format of the snapshot: readable by DuckDB >= 1.5 (the PyPI ``duckdb-cli``
#: wheel ships a 1.5.x binary) as well as by the 2.x Python package. A warehouse file is
#: created in it too, so that publishing is a plain copy of the checkpointed file (see
#: :func:`publish_snapshot`); a warehouse created by an older rdi in DuckDB 2's own format
#: (v2.0.0) is published by a logical copy instead.
SNAPSHOT_STORAGE_VERSION = "v1.5.0"
DEFAULT_LOCK_TIMEOUT = 60.0

_LOCK_RE = re.compile(r"(Could not set lock|Conflicting lock)", re.IGNORECASE)
_PID_RE = re.compile(r"PID (\d+)")


class WarehouseError(RuntimeError):
    """A warehouse problem with a one-line, user-facing message."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse file for writing and did not let go in time."""


class NoWarehouse(WarehouseError):
    """Nothing has been loaded yet at this path."""


def lock_timeout(config: dict[str, Any] | None = None) -> float:
    """Seconds a writer keeps retrying a locked warehouse (``RDI_LOCK_TIMEOUT`` > rdi.toml)."""
    value: Any = os.environ.get("RDI_LOCK_TIMEOUT")
    where = "RDI_LOCK_TIMEOUT"
    if not value:
        value = (config or {}).get("warehouse", {}).get("lock_timeout", DEFAULT_LOCK_TIMEOUT)
        where = "[warehouse] lock_timeout"
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if isinstance(value, bool) or not seconds >= 0:  # NaN fails the comparison too
        raise ValueError(f"{where} must be a number of seconds >= 0, not {value!r}")
    return seconds


def _configure(con: Any) -> None:
    con.execute("set TimeZone = 'UTC'")
    con.execute("set autoinstall_known_extensions = false")
    con.execute("set autoload_known_extensions = true")


def is_lock_error(exc: BaseException) -> bool:
    """Return True if ``exc`` is DuckDB's "file is locked by another process" error."""
    return bool(_LOCK_RE.search(str(exc)))


def connect_writer(path: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Any:
    """Open ``path`` for writing, retrying with exponential backoff while another process holds it."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            # a new file is written in the snapshot's format; an existing one keeps its own
            con = duckdb.connect(str(path), config={"storage_compatibility_version": SNAPSHOT_STORAGE_VERSION})
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise WarehouseError(f"cannot open warehouse {path}: {_first_line(exc)}") from exc
            if time.monotonic() + delay > deadline:
                pid = _PID_RE.search(str(exc))
                who = f" (PID {pid.group(1)})" if pid else ""
                raise WarehouseLocked(
                    f"warehouse {path} is locked by another process{who}; "
                    f"gave up after {timeout:g} s (set RDI_LOCK_TIMEOUT to wait longer)"
                ) from None
            time.sleep(delay * (1 + random.random() / 4))
            delay = min(delay * 2, 2.0)
            continue
        _configure(con)
        return con


@contextmanager
def writer(path: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[Any]:
    """Context manager: a migrated writer connection, closed on exit."""
    from warehouse.migrate import migrate

    con = connect_writer(path, timeout=timeout)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: Any) -> Iterator[Any]:
    """One transaction on ``con``: committed when the block ends, rolled back on any error
    (Ctrl-C and SIGTERM included) and the error re-raised, so nothing is half-written."""
    import duckdb

    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass  # DuckDB already aborted it (a failed write, a failed commit): say why it failed
        raise


def insert_rows(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name) into ``table`` in one Arrow batch."""
    import pyarrow as pa

    con.register("insert_rows_arrow", pa.Table.from_pylist(rows))
    try:
        con.execute(f"insert into {table} by name select * from insert_rows_arrow")
    finally:
        con.unregister("insert_rows_arrow")


def connect_reader(snapshot: Path, warehouse: Path | None = None) -> Any:
    """Open the published snapshot read-only; a clear error if nothing was published yet."""
    import duckdb

    if not snapshot.is_file():
        where = warehouse or snapshot
        raise NoWarehouse(f"no warehouse at {where}; run rdi load first")
    try:
        con = duckdb.connect(str(snapshot), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open snapshot {snapshot}: {_first_line(exc)}") from exc
    try:
        _configure(con)
        _check_schema(con, snapshot)
    except BaseException:
        con.close()
        raise
    return con


def _check_schema(con: Any, snapshot: Path) -> None:
    """Refuse a snapshot whose schema is not the one this rdi's migrations define."""
    import duckdb

    from warehouse.migrate import latest_version

    known = latest_version()
    try:
        have = con.execute("select coalesce(max(version), 0) from schema_migrations").fetchall()[0][0]
    except duckdb.Error:
        have = 0
    if have < known:
        raise WarehouseError(f"snapshot {snapshot} was published by an older rdi (schema {have}, this rdi "
                             f"needs {known}); run rdi load to upgrade the warehouse and publish it again")
    if have > known:
        raise WarehouseError(f"snapshot {snapshot} was published by a newer rdi (schema {have}, this rdi "
                             f"knows {known}); upgrade rdi")


def publish_snapshot(con: Any, snapshot: Path) -> Path:
    """Copy the committed warehouse into ``snapshot`` atomically (write a temp file, fsync it,
    rename it, fsync the folder: a power cut leaves the old snapshot or the whole new one).

    Readers that already hold the old snapshot open keep reading the old file; new readers
    see the new one. A copy that cannot be written (disk full) is removed and raised as a
    :class:`WarehouseError` naming it; the previous snapshot stays. Call only outside a transaction, after the cycle committed, with the
    writer connection: holding the warehouse's lock, it is the only publisher, so any other
    temporary copy was left by a killed writer and is removed.

    A warehouse stored in the snapshot's format (:data:`SNAPSHOT_STORAGE_VERSION`, every
    warehouse created since) is checkpointed (its WAL folded into the file) and the file copied
    as it is: nothing else writes it meanwhile (this connection holds the only write lock and runs
    nothing during the copy). That costs the I/O of the copy alone (1.4 GB, ~10 years of data:
    ~1.5 s) where DuckDB's ``COPY FROM DATABASE`` decodes and re-encodes every table and rebuilds
    every index (~28 s on 2 cores; ``bench/warehouse.py`` publish figures). A warehouse in another
    format (created by an older rdi with DuckDB 2's v2.0.0, which DuckDB 1.5 cannot open), or one
    whose WAL could not be folded, is copied with ``COPY FROM DATABASE`` into the pinned format.
    """
    import duckdb

    snapshot.parent.mkdir(parents=True, exist_ok=True)
    tmp = snapshot.with_name(f".{snapshot.name}.{os.getpid()}.tmp")
    for leftover in snapshot.parent.glob(f".{snapshot.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)
    source, path, tags = con.execute(
        "select database_name, path, tags from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0]
    as_file = _in_snapshot_format(path, tags)
    writing = tmp
    try:
        if as_file:
            writing = Path(path)
            try:
                con.execute("checkpoint")  # the WAL folded into the file (a full disk fails here too)
            except duckdb.TransactionException:
                # another cursor's open write transaction (an update, DDL) forbids a checkpoint: the
                # WAL stays, so the logical copy below publishes what is committed
                pass
            writing = tmp
        if as_file and not _wal_pending(Path(path)):
            shutil.copyfile(path, tmp)  # the file alone is the committed warehouse
        else:
            con.execute(
                f"attach '{_sql_str(tmp)}' as rdi_snapshot (storage_version '{SNAPSHOT_STORAGE_VERSION}')"
            )
            try:
                con.execute(f'copy from database "{source}" to rdi_snapshot')
            finally:
                con.execute("detach rdi_snapshot")
        replace_durably(tmp, snapshot)  # fsynced, renamed, the folder fsynced: survives a power cut
    except (OSError, duckdb.Error) as exc:
        # disk full, a read-only folder: the committed warehouse is kept, readers keep the old
        # snapshot, and the half-written copy goes (it is as large as the warehouse)
        for leftover in snapshot.parent.glob(f"{tmp.name}*"):
            leftover.unlink(missing_ok=True)
        raise WarehouseError(
            f"snapshot not published: cannot write {writing} ({_first_line(exc)}); the warehouse keeps what "
            f"was committed and readers keep the previous {snapshot.name}; free space and run rdi load again"
        ) from exc
    return snapshot


def _in_snapshot_format(path: str | None, tags: dict[str, str] | None) -> bool:
    """True if the warehouse is a file stored in :data:`SNAPSHOT_STORAGE_VERSION` (tag ``v1.5.0+``)."""
    return bool(path) and (tags or {}).get("storage_version", "").rstrip("+") == SNAPSHOT_STORAGE_VERSION


def _wal_pending(path: Path) -> bool:
    """True if ``path``'s WAL still holds changes (a checkpoint could not fold them in)."""
    wal = Path(f"{path}.wal")
    return wal.exists() and wal.stat().st_size > 0


def _sql_str(path: Path) -> str:
    """Quote a path for a SQL string literal (paths are ours, never user SQL)."""
    return str(path).replace("'", "''")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
