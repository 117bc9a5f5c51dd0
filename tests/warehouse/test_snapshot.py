"""publish_snapshot: a publish killed half-way leaves nothing behind once the next writer publishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from warehouse import db

_PUBLISH_FOREVER = """
import sys
from pathlib import Path
from warehouse import db
with db.writer(Path(sys.argv[1]), timeout=5) as con:
    con.execute("create table if not exists filler as select range as i, repeat('x', 200) as s "
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
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(f".snapshot.duckdb.{proc.pid}.tmp")):
            assert proc.poll() is None and time.monotonic() < deadline, "the publisher never started"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert list(tmp_path.glob(".snapshot.duckdb.*.tmp*")), "the kill left no temporary copy"
    with db.writer(warehouse, timeout=5) as con:
        db.publish_snapshot(con, snapshot)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snapshot.duckdb", "warehouse.duckdb"]
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        assert con.execute("select count(*) from filler").fetchall() == [(200000,)]
    finally:
        con.close()
