"""Bulk-load staged Statement records (JSON lines) into the warehouse in one transaction.

Files are read by DuckDB (``read_text``) and parsed with its JSON functions; nothing is
inserted row by row. Every record is upserted by ``statement_id`` + ``content_hash``:
an unseen hash becomes a new version, the latest fetched version is current. Bad lines
go to ``quarantine`` with reason and file/line, never stopping the batch. A file read
completely before is not opened again while its size, modification and change times and
inode are those it had when it was read (see :func:`_signature`); otherwise it is hashed,
and skipped if its sha256 is unchanged, so a re-run reads nothing. Relations between
statements are recomputed only for the statements a load inserted or changed (on a first
load that is all of them; :func:`rebuild_relations` marks them all on demand). The caller
owns the connection and publishes the snapshot after commit.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warehouse import sqlfiles

LOAD_STEPS = (
    "load/01_lines",
    "load/02_parse",
    "load/03_records",
    "load/04_quarantine",
    "load/05_versions",
    "load/06_statements",
    "load/07_turns",
    "load/08_relations",
    "load/09_units",
    "load/eligibility",
    "load/10_sources",
)


@dataclass
class StagedFile:
    """One staging file to read: where it is, what it hashes to, how it ends."""

    path: Path
    rel: str
    sha256: str
    size: int
    ends_nl: bool
    read_path: Path  # the file itself, or a copy with undecodable lines blanked
    mtime: float  # seconds, as read
    signature: Signature | None  # None: changed too shortly before it was read to trust
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # (line_no, raw)


@dataclass
class LoadCounts:
    """What one load did."""

    files_seen: int = 0
    files_hashed: int = 0  # opened and hashed: new, incomplete, or changed on disk since read
    files_read: int = 0
    records: int = 0
    new_statements: int = 0
    new_versions: int = 0
    quarantined: int = 0
    incomplete_files: list[str] = field(default_factory=list)


def find_staged(staging_dir: Path) -> list[Path]:
    """Return every ``*.jsonl`` under ``staging_dir``, sorted."""
    if not staging_dir.is_dir():
        return []
    return sorted(p for p in staging_dir.rglob("*.jsonl") if p.is_file())


#: (size, mtime_ns, ctime_ns, inode) of a staging file as ``os.stat`` gives it.
Signature = tuple[int, int, int, int]

#: A file modified (or its inode changed) less than this long before it is read may be
#: changed again within the same tick of the file system's clock without its times moving
#: (and a remote file system's clock may be behind): its signature is not recorded, so the
#: next load hashes it once more.
RACY_SECONDS = 60.0


def _signature(st: os.stat_result) -> Signature:
    """What identifies an unchanged file without reading it.

    Size and mtime catch appends, truncations and rewrites; ctime also catches a rewrite whose
    mtime was set back (``cp -p``, ``touch -r``: any change of content or times moves the
    ctime, which no tool sets back); the inode catches a file replaced by the same name. A
    metadata change (chmod, a new hard link, a copied or restored staging folder) moves these
    too, and then the file is only hashed once more.
    """
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _trusted(st: os.stat_result) -> Signature | None:
    """The signature of a file read now, or None while it changed too recently to trust."""
    changed = max(st.st_mtime_ns, st.st_ctime_ns) / 1e9
    return _signature(st) if changed < time.time() - RACY_SECONDS else None


def _inspect(path: Path, staging_dir: Path, scratch: Path) -> StagedFile:
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())  # before reading: a write after it moves the signature
        data = fh.read()
    rel = path.relative_to(staging_dir).as_posix()
    staged = StagedFile(
        path=path,
        rel=rel,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        ends_nl=data.endswith(b"\n") or not data,
        read_path=path,
        mtime=st.st_mtime,
        signature=_trusted(st) if len(data) == st.st_size else None,  # else written meanwhile
    )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Blank out undecodable lines (keeping line numbers) and quarantine them.
        lines = data.split(b"\n")
        clean: list[bytes] = []
        for no, raw in enumerate(lines, start=1):
            try:
                raw.decode("utf-8")
                clean.append(raw)
            except UnicodeDecodeError:
                staged.bad_lines.append((no, raw.decode("utf-8", "backslashreplace")))
                clean.append(b"")
        staged.read_path = scratch / f"{len(list(scratch.iterdir()))}.jsonl"
        staged.read_path.write_bytes(b"\n".join(clean))
    return staged


#: A file whose last line stays unterminated and unchanged this long is no longer being
#: written: its last line is judged like any other (and quarantined if bad).
STALE_SECONDS = 600.0


def _previous(con: Any) -> dict[str, tuple[str, bool, Signature | None]]:
    rows = sqlfiles.query(con, "load/previous_files")
    return {
        path: (sha, complete, None if None in sig else tuple(sig))
        for path, sha, complete, *sig in rows
    }


def load_files(con: Any, staging_dir: Path, run_id: int, now: datetime | None = None) -> LoadCounts:
    """Load new or changed staging files inside the current transaction; return counts."""
    import pyarrow as pa

    now = now or datetime.now(UTC)
    counts = LoadCounts()
    paths = find_staged(staging_dir)
    counts.files_seen = len(paths)
    previous = _previous(con)
    scratch = Path(tempfile.mkdtemp(prefix="rdi-load-"))
    try:
        staged, rehashed = [], []
        for p in paths:
            rel = p.relative_to(staging_dir).as_posix()
            sha, complete, sig = previous.get(rel, ("", False, None))
            if complete and sig is not None and sig == _signature(p.stat()):
                continue  # read completely and not touched since: not opened
            f = _inspect(p, staging_dir, scratch)
            counts.files_hashed += 1
            if sha == f.sha256 and complete:
                rehashed.append(f)
                continue
            if sha == f.sha256 and time.time() - f.mtime > STALE_SECONDS:
                f.ends_nl = True  # abandoned half-written line: judge it, don't wait
            staged.append(f)
        _record_signatures(con, rehashed)
        counts.files_read = len(staged)
        if not staged:
            return counts
        files_tbl = pa.table(
            {
                "path_read": [str(f.read_path) for f in staged],
                "path_rel": [f.rel for f in staged],
                "ends_nl": [f.ends_nl for f in staged],
            }
        )
        bad_tbl = pa.table(
            {
                "staging_file": [f.rel for f in staged for _ in f.bad_lines],
                "line_no": pa.array([n for f in staged for n, _ in f.bad_lines], pa.int32()),
                "raw": [r for f in staged for _, r in f.bad_lines],
                "reason": ["invalid_utf8" for f in staged for _ in f.bad_lines],
            },
            schema=pa.schema(
                [("staging_file", pa.string()), ("line_no", pa.int32()),
                 ("raw", pa.string()), ("reason", pa.string())]
            ),
        )
        con.register("stg_files_arrow", files_tbl)
        con.register("stg_bad_bytes_arrow", bad_tbl)
        con.execute("create or replace temp table stg_files as select * from stg_files_arrow")
        con.execute(
            "create or replace temp table stg_bad_bytes as select * from stg_bad_bytes_arrow"
        )
        params = {
            "paths": [str(f.read_path) for f in staged],
            "run_id": run_id,
            "now": now,
        }
        for step in LOAD_STEPS:
            sqlfiles.run(con, step, params)
        _count(con, counts, staged)
        _record_files(con, staged, run_id, now)
        for name in ("stg_files", "stg_bad_bytes"):
            con.execute(f"drop table if exists {name}")
        con.unregister("stg_files_arrow")
        con.unregister("stg_bad_bytes_arrow")
        return counts
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def rebuild_relations(con: Any) -> None:
    """Rebuild every relation from scratch (every statement marked changed for
    ``load/08_relations``) and refresh every unit's eligibility, after the rule changes, in
    the caller's transaction."""
    for step in ("load/relations_rebuild", "load/08_relations", "load/eligibility"):
        sqlfiles.run(con, step)
    con.execute("drop table stg_changed")


def _count(con: Any, counts: LoadCounts, staged: list[StagedFile]) -> None:
    counts.records = con.execute("select count(*) from stg_records").fetchall()[0][0]
    counts.new_statements, counts.new_versions = con.execute(
        "select count(*) filter (where is_new_statement), "
        "count(*) filter (where not is_new_statement) from stg_new"
    ).fetchall()[0]
    counts.quarantined = con.execute(
        "select count(*) from stg_parsed where reason is not null and reason <> 'incomplete'"
    ).fetchall()[0][0] + sum(len(f.bad_lines) for f in staged)
    counts.incomplete_files = [
        r[0]
        for r in con.execute(
            "select distinct staging_file from stg_parsed where reason = 'incomplete' order by 1"
        ).fetchall()
    ]


def _record_files(con: Any, staged: list[StagedFile], run_id: int, now: datetime) -> None:
    import pyarrow as pa

    per_file = dict(
        (r[0], r[1:])
        for r in con.execute(
            "select staging_file, count(*) filter (where reason is null), "
            "count(*) filter (where reason is not null and reason <> 'incomplete'), "
            "max(line_no) from stg_parsed group by 1"
        ).fetchall()
    )
    new_per_file = dict(
        con.execute("select staging_file, count(*) from stg_new group by 1").fetchall()
    )
    incomplete = set(
        r[0]
        for r in con.execute(
            "select distinct staging_file from stg_parsed where reason = 'incomplete'"
        ).fetchall()
    )
    rows = []
    for f in staged:
        ok, bad, max_line = per_file.get(f.rel, (0, 0, 0))
        rows.append(
            {
                "path": f.rel,
                "sha256": f.sha256,
                "size_bytes": f.size,
                "n_lines": max(max_line or 0, max((n for n, _ in f.bad_lines), default=0)),
                "n_loaded": new_per_file.get(f.rel, 0),
                "n_quarantined": bad + len(f.bad_lines),
                "complete": f.rel not in incomplete,
                "run_id": run_id,
                "loaded_at": now,
            }
        )
    tbl = pa.Table.from_pylist(rows)
    # always given, NULL too: "insert or replace" keeps a column left out as it was
    for name, values in _signature_arrays(staged).items():
        tbl = tbl.append_column(name, values)
    con.register("load_files_arrow", tbl)
    con.execute(
        "insert or replace into load_files by name select * from load_files_arrow"
    )
    con.unregister("load_files_arrow")


def _signature_arrays(files: list[StagedFile]) -> dict[str, Any]:
    """The columns ``mtime_ns``, ``ctime_ns``, ``inode`` of ``load_files`` for ``files``."""
    import pyarrow as pa

    sigs = [f.signature or (None, None, None, None) for f in files]
    return {
        "mtime_ns": pa.array([s[1] for s in sigs], pa.int64()),
        "ctime_ns": pa.array([s[2] for s in sigs], pa.int64()),
        "inode": pa.array([s[3] for s in sigs], pa.uint64()),
    }


def _record_signatures(con: Any, files: list[StagedFile]) -> None:
    """Record the signature of files hashed again and found unchanged (not re-read)."""
    import pyarrow as pa

    files = [f for f in files if f.signature]
    if not files:
        return
    tbl = pa.table({"path": [f.rel for f in files], **_signature_arrays(files)})
    con.register("stg_signatures", tbl)
    try:
        sqlfiles.run(con, "load/file_signatures")
    finally:
        con.unregister("stg_signatures")
