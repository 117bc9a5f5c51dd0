"""After the upgrade to migration 0008 the latest index release has no evidence kept with it
until rdi index runs again: rdi load says so in one line, and the scheduler runs the index
even when nothing new was loaded (otherwise rdi export and rdi report refuse the release, and
the evidence view stays empty, until new statements happen to arrive)."""

from __future__ import annotations

import pytest

from pipeline.index import build_index
from pipeline.load import load
from pipeline.schedule import CycleRunner, ScheduleOptions
from warehouse import db


@pytest.fixture
def upgraded(scored_warehouse):
    """A warehouse whose latest index release was computed before 0008 (evidence_rows null)."""
    project = scored_warehouse(months=30)
    build_index(project, draws=300)
    with db.writer(project.warehouse_path) as con:
        con.execute("update index_releases set evidence_rows = null")
        db.publish_snapshot(con, project.snapshot_path)
    return project


def test_load_says_to_run_rdi_index_until_the_release_keeps_its_evidence(upgraded):
    res = load(upgraded)
    assert res.new_statements == 0
    assert res.index_outdated is not None and "\n" not in res.index_outdated
    assert res.index_outdated.startswith("index release 1 was computed before rdi kept the evidence")
    assert res.index_outdated.endswith("; run rdi index")
    build_index(upgraded, draws=300)
    assert load(upgraded).index_outdated is None


def test_the_scheduler_indexes_after_a_load_that_found_the_release_outdated(upgraded):
    pending = upgraded.state_dir / "index-pending"
    pending.unlink(missing_ok=True)
    runner = CycleRunner(upgraded, ScheduleOptions(steps=("load",)))
    result = runner.run_cycle("us_state_briefings")
    assert [(s.step, s.status, s.items_new) for s in result.steps] == [("load", "ok", 0)]
    assert pending.exists()  # the next tag and index steps run, nothing new or not


def test_rdi_status_says_to_run_rdi_index(upgraded):
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.status import status

    assert status(upgraded).index_outdated.endswith("; run rdi index")
    out = CliRunner().invoke(app, ["status", "--home", str(upgraded.home)], env={"COLUMNS": "300"}).output
    assert [line for line in out.splitlines() if line.startswith("index release 1 was computed before")]
    build_index(upgraded, draws=300)
    assert status(upgraded).index_outdated is None
