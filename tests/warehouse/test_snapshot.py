"""publish_snapshot: a publish killed half-way leaves nothing behind once the next writer publishes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.processes import kill_when_file_appears
from warehouse import db

_PUBLISH_FOREVER = """
import sys
from pathlib import Path
from warehouse import db
with db.writer(Path(sys.argv[1]), timeout=5) as con:
    # text that does not compress (~30 MB on disk), so that even a plain file copy of the warehouse
    # takes long enough for the test to kill the publisher while its temporary copy exists
    con.execute("create table if not exists filler as select range as i, repeat(md5(range::varchar), 6) as s "
                "from range(200000)")
    while True:
        db.publish_snapshot(con, Path(sys.argv[2]))
"""


def test_a_publish_killed_midway_leaves_no_temporary_copy(tmp_path: Path) -> None:
    """SIGKILL while the snapshot copy is being written leaves a temporary copy of the whole
    warehouse; the next publish (by any writer) removes it, so a server whose steps are killed
    now and then does not fill its disk with dead copies."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", _PUBLISH_FOREVER, str(warehouse), str(snapshot)],
                            cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    kill_when_file_appears(proc, tmp_path, f".snapshot.duckdb.{proc.pid}.tmp", "the publisher", poll=0.01)
    assert list(tmp_path.glob(".snapshot.duckdb.*.tmp*")), "the kill left no temporary copy"
    with db.writer(warehouse, timeout=5) as con:
        db.publish_snapshot(con, snapshot)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snapshot.duckdb", "warehouse.duckdb"]
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        assert con.execute("select count(*) from filler").fetchall() == [(200000,)]
    finally:
        con.close()


def test_a_snapshot_of_an_older_schema_says_how_to_upgrade(tmp_path: Path, monkeypatch) -> None:
    """After upgrading rdi, readers (rdi sql, status, export, report) meet the snapshot the
    old rdi published until a writer migrates the warehouse: a clear one-line error saying
    what to run, not a DuckDB catalog error about a missing view."""
    import shutil

    from pipeline.config import load_project
    from pipeline.load import load
    from pipeline.sql import run_query
    from warehouse.migrate import MIGRATIONS_DIR, migrate

    monkeypatch.delenv("RDI_HOME", raising=False)
    project = load_project(tmp_path / "home")
    older = tmp_path / "migrations"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql"))[:-1]:
        shutil.copy(path, older / path.name)
    con = db.connect_writer(project.warehouse_path)
    try:
        with monkeypatch.context() as m:
            m.setattr("warehouse.migrate.apply_views", lambda con, directory=None: [])
            migrate(con, older)
        db.publish_snapshot(con, project.snapshot_path)
    finally:
        con.close()
    with pytest.raises(db.WarehouseError, match=r"older rdi .*run rdi load"):
        run_query(project, "select * from index_monthly")
    load(project)  # any writer migrates the warehouse and publishes it again
    assert run_query(project, "select count(*) from index_monthly").rows == [(0,)]


_PUBLISH_ONCE = """
import sys
from pathlib import Path
from warehouse import db
with db.writer(Path(sys.argv[1]), timeout=5) as con:
    con.execute("create table t as select 1 as i")
    db.publish_snapshot(con, Path(sys.argv[2]))
"""


def test_a_published_snapshot_has_its_folder_fsynced_after_the_rename(tmp_path: Path) -> None:
    """A real publish traced by strace: the rename of the temporary copy over the snapshot is
    followed by an fsync of the snapshot's folder, without which a power cut can lose the rename
    (the old snapshot, or none, comes back after the fsynced copy was written)."""
    import shutil

    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    folder = tmp_path / "home"
    folder.mkdir()
    warehouse, snapshot = folder / "warehouse.duckdb", folder / "snapshot.duckdb"
    trace = tmp_path / "trace.txt"
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run(["strace", "-f", "-y", "-o", str(trace), "-e", "trace=fsync,rename,renameat,renameat2",
                          sys.executable, "-c", _PUBLISH_ONCE, str(warehouse), str(snapshot)],
                         cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True, text=True,
                         timeout=120, check=False)
    if res.returncode != 0 and "ptrace" in res.stderr:
        pytest.skip(f"strace cannot trace here: {res.stderr.strip()}")
    assert res.returncode == 0, res.stderr
    lines = trace.read_text().splitlines()
    (renamed,) = [i for i, line in enumerate(lines) if "rename" in line and f'"{snapshot}"' in line
                  and "= 0" in line]
    assert any("fsync(" in line and f"<{folder}>" in line and "= 0" in line for line in lines[renamed + 1:]), \
        "\n".join(lines)
    assert sorted(p.name for p in folder.iterdir()) == ["snapshot.duckdb", "warehouse.duckdb"]


def _storage_version(path: Path) -> str:
    con = duckdb.connect()
    try:
        con.execute(f"attach '{path}' as f (read_only)")
        return con.execute("select tags['storage_version'] from duckdb_databases() "
                           "where database_name = 'f'").fetchall()[0][0]
    finally:
        con.close()


def _cli_count(snapshot: Path, table: str) -> str:
    """``select count(*)`` through the duckdb CLI of the duckdb-cli wheel (DuckDB 1.5), or skip."""
    import shutil

    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if cli is None:
        pytest.skip("the duckdb CLI (duckdb-cli wheel, dev extra) is not installed")
    res = subprocess.run([cli, "-readonly", "-csv", "-noheader", str(snapshot), "-c", f"select count(*) from {table}"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_a_new_warehouse_is_published_as_a_copy_of_its_checkpointed_file(tmp_path: Path) -> None:
    """A warehouse created now is stored in the snapshot's format, so publishing checkpoints it
    and copies the file (no logical copy): the snapshot holds what was committed, not what another
    cursor has yet to commit, and DuckDB 1.5 (the duckdb CLI) reads it."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"
    with db.writer(warehouse, timeout=5) as con:
        con.execute("create table t as select range as i from range(1000)")
        pending = con.cursor()
        pending.execute("begin transaction")
        pending.execute("insert into t select 5000 + range from range(10)")
        db.publish_snapshot(con, snapshot)
        assert snapshot.read_bytes() == warehouse.read_bytes()  # a copy of the checkpointed file
        pending.execute("rollback")
    assert _storage_version(warehouse) == _storage_version(snapshot) == f"{db.SNAPSHOT_STORAGE_VERSION}+"
    assert _cli_count(snapshot, "t") == "1000"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snapshot.duckdb", "warehouse.duckdb"]


def test_a_warehouse_in_duckdb_2_format_is_published_in_the_pinned_format(tmp_path: Path) -> None:
    """A warehouse created by an older rdi in DuckDB 2's own storage format (which DuckDB 1.5
    cannot open) keeps that format and is published by a logical copy in the pinned one."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"
    con = duckdb.connect(str(warehouse), config={"storage_compatibility_version": "v2.0.0"})
    con.execute("create table t as select range as i from range(1000)")
    con.close()
    assert _storage_version(warehouse) == "v2.0.0+"
    with db.writer(warehouse, timeout=5) as con:
        con.execute("insert into t values (-1)")
        db.publish_snapshot(con, snapshot)
    assert _storage_version(warehouse) == "v2.0.0+"
    assert _storage_version(snapshot) == f"{db.SNAPSHOT_STORAGE_VERSION}+"
    assert _cli_count(snapshot, "t") == "1001"


def test_a_wal_left_by_the_checkpoint_is_published_by_a_logical_copy(tmp_path: Path, monkeypatch) -> None:
    """If the checkpoint could not fold the WAL into the file, the file alone is not the committed
    warehouse: it is not copied, the snapshot is written by COPY FROM DATABASE."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"

    def no_copy(*args: object) -> None:
        raise AssertionError("the warehouse file was copied")

    monkeypatch.setattr(db, "_wal_pending", lambda path: True)
    monkeypatch.setattr(db.shutil, "copyfile", no_copy)
    with db.writer(warehouse, timeout=5) as con:
        con.execute("create table t as select range as i from range(1000)")
        db.publish_snapshot(con, snapshot)
    assert _storage_version(snapshot) == f"{db.SNAPSHOT_STORAGE_VERSION}+"
    assert _cli_count(snapshot, "t") == "1000"


def test_a_checkpoint_refused_for_another_open_transaction_falls_back_to_the_logical_copy(tmp_path: Path) -> None:
    """Another cursor's open update forbids DuckDB's CHECKPOINT ("there are other write transactions
    active"): the publish does not fail (with a misleading "free space" message) but copies what is
    committed logically, as the docstring promises for a WAL that could not be folded."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"
    with db.writer(warehouse, timeout=5) as con:
        con.execute("create table t as select range as i from range(1000)")
        con.execute("checkpoint")
        pending = con.cursor()
        pending.execute("begin transaction")
        pending.execute("update t set i = -1 where i < 10")
        con.execute("insert into t values (5000)")
        db.publish_snapshot(con, snapshot)
        pending.execute("rollback")
    assert _storage_version(snapshot) == f"{db.SNAPSHOT_STORAGE_VERSION}+"
    check = duckdb.connect(str(snapshot), read_only=True)
    try:
        assert check.execute("select count(*), min(i) from t").fetchall() == [(1001, 0)]
    finally:
        check.close()


def test_a_publish_inside_the_writers_own_transaction_still_fails(tmp_path: Path) -> None:
    """The fallback never publishes uncommitted rows: inside the caller's transaction the refused
    checkpoint aborts it, and the logical copy fails too."""
    warehouse, snapshot = tmp_path / "warehouse.duckdb", tmp_path / "snapshot.duckdb"
    with db.writer(warehouse, timeout=5) as con:
        con.execute("create table t as select range as i from range(10)")
        con.execute("begin transaction")
        con.execute("insert into t values (99)")
        with pytest.raises(db.WarehouseError):
            db.publish_snapshot(con, snapshot)
        con.execute("rollback")
    assert not snapshot.exists()
