"""rdi sql reads the published snapshot: read-only, parameters bound, never blocked by a load."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.load import load
from pipeline.sql import SqlError, run_query
from warehouse.db import NoWarehouse

RDI = str(Path(sys.executable).with_name("rdi"))

HOLD_LOAD = """
import sys, time
from pathlib import Path
import warehouse.loader as loader
from pipeline.config import load_project
from pipeline.load import load

real_count = loader._count
def held(*args, **kwargs):
    real_count(*args, **kwargs)
    Path(sys.argv[2]).write_text("inside the load transaction")
    while not Path(sys.argv[3]).exists():
        time.sleep(0.05)
loader._count = held
load(load_project(sys.argv[1]))
"""


def duckdb_cli() -> str:
    """The duckdb CLI from the duckdb-cli wheel (dev extra), or skip with the reason."""
    found = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if not found:
        pytest.skip("duckdb CLI not installed (pip install duckdb-cli, in the dev extra)")
    return found


def rdi_sql(home: Path, query: str) -> str:
    res = subprocess.run([RDI, "sql", "--home", str(home), "--format", "csv", query],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


def cli_sql(snapshot: Path, query: str) -> str:
    res = subprocess.run([duckdb_cli(), "-readonly", "-csv", "-noheader", str(snapshot), "-c", query],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_readers_answer_from_the_last_snapshot_while_a_load_runs(project, stage, statement, tmp_path):
    stage([statement(str(i), f"本文 {i}") for i in range(3)], name="run1")
    load(project)
    stage([statement(str(i), f"本文 {i}") for i in range(3, 10)], name="run2")
    ready, release = tmp_path / "ready", tmp_path / "release"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOAD, str(project.home), str(ready),
                             str(release)], env={**os.environ, "RDI_LOCK_TIMEOUT": "5"})
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        # The writer holds warehouse.duckdb mid-transaction; readers use the snapshot.
        t0 = time.monotonic()
        assert rdi_sql(project.home, "select count(*) from statements") == "3"
        assert cli_sql(project.snapshot_path, "select count(*) from statements") == "3"
        assert cli_sql(project.snapshot_path, "select count(*) from trend_monthly") == "0"
        assert time.monotonic() - t0 < 30
        release.write_text("go")
        assert proc.wait(timeout=60) == 0
    finally:
        release.write_text("go")
        proc.wait(timeout=60)
    assert rdi_sql(project.home, "select count(*) from statements") == "10"
    assert cli_sql(project.snapshot_path, "select count(*) from statements") == "10"


def test_values_are_bound_not_formatted(project, stage, statement):
    stage([statement("1", "本文", speaker="O'Brien; drop table statements; --")])
    load(project)
    res = run_query(project, "select count(*) from statements where speaker = $who",
                    {"who": "O'Brien; drop table statements; --"})
    assert res.rows == [(1,)]
    assert run_query(project, "select count(*) from statements").rows == [(1,)]


def test_the_snapshot_cannot_be_written_or_escaped(project, stage, statement):
    stage([statement("1", "本文")])
    load(project)
    with pytest.raises(SqlError, match="read-only"):
        run_query(project, "delete from statements")
    with pytest.raises(SqlError, match="disabled by configuration"):
        run_query(project, f"attach '{project.warehouse_path}' as w")
    with pytest.raises(SqlError, match="locked"):
        run_query(project, "set enable_external_access = true")


def test_missing_warehouse_is_a_one_line_error(project):
    with pytest.raises(NoWarehouse, match=r"^no warehouse at .*warehouse\.duckdb; run rdi load first$"):
        run_query(project, "select 1")


def test_cli_query_error_is_one_line(project, stage, statement):
    stage([statement("1", "本文")])
    load(project)
    res = subprocess.run([RDI, "sql", "--home", str(project.home), "select * from nope"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert res.stderr.startswith("error: Catalog Error: Table with name nope does not exist")
    assert len(res.stderr.strip().splitlines()) == 1


def test_csv_and_json_output_is_not_cut_at_the_table_limit(project, stage, statement):
    """The 1,000-row limit of the table view once cut csv/json output silently (scripts lost rows)."""
    stage([statement(str(i), f"本文{i}") for i in range(1005)])
    load(project)
    for fmt, header in (("csv", 1), ("json", 0)):
        res = subprocess.run([RDI, "sql", "--home", str(project.home), "--format", fmt, "select * from statements"],
                             capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        assert len(res.stdout.strip().splitlines()) == 1005 + header
        assert "warning" not in res.stderr
    cut = subprocess.run([RDI, "sql", "--home", str(project.home), "--format", "csv", "--max-rows", "10",
                          "select * from statements"], capture_output=True, text=True, timeout=60)
    assert cut.returncode == 0
    assert len(cut.stdout.strip().splitlines()) == 11
    assert cut.stderr.strip() == "warning: output cut at 10 rows (--max-rows)"


@pytest.mark.parametrize("query", ["", ";", " ; "])
def test_an_empty_query_is_a_clear_error(project, stage, statement, query):
    stage([statement("1", "本文")])
    load(project)
    with pytest.raises(SqlError, match="^no SQL statement in the query$"):
        run_query(project, query)
