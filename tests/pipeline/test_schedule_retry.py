"""A failing step is retried with exponential backoff, then recorded as failed with its reason;
tag and index are skipped when no load brought anything new."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.config import load_project
from pipeline.history import pending_steps
from pipeline.schedule import CycleRunner, ScheduleOptions
from tests.pipeline.schedule_support import json_lines, steps


def test_failed_step_retried_with_backoff_then_recorded(tmp_path: Path) -> None:
    project = load_project(tmp_path / "home")
    project.ensure_dirs()
    (project.state_dir / "index-pending").touch()  # something loaded is waiting for the index
    runner = CycleRunner(project, ScheduleOptions(steps=("index",), retries=2, backoff=0.25))
    t0 = time.monotonic()
    result = runner.run_cycle("us_state_briefings")
    elapsed = time.monotonic() - t0
    assert result.status == "failed"
    (step,) = result.steps
    assert (step.step, step.status, step.attempts) == ("index", "failed", 3)
    assert step.exit_reason == f"error: no warehouse at {project.warehouse_path}; run rdi load first"
    events = json_lines((project.logs_dir / "runs" / "us_state_briefings" / f"{result.run_id}.jsonl").read_text())
    retries = [e["retry_in_s"] for e in events if e["event"] == "step failed, retrying"]
    assert retries == [0.25, 0.5]  # exponential backoff
    assert elapsed >= sum(retries)
    assert (project.state_dir / "index-pending").exists()  # still to do at the next cycle
    assert pending_steps(project) == []  # flushed into the warehouse at the end of the cycle
    assert [(s["step"], s["status"], s["attempts"]) for s in steps(project.home)] == [("index", "failed", 3)]


def test_tag_and_index_skipped_when_nothing_new(tmp_path: Path) -> None:
    project = load_project(tmp_path / "home")
    project.ensure_dirs()
    runner = CycleRunner(project, ScheduleOptions(steps=("tag", "index")))
    result = runner.run_cycle("us_state_briefings")
    assert result.status == "ok"
    assert [(s.step, s.status, s.exit_reason) for s in result.steps] == [
        ("tag", "skipped", "nothing new to tag or index"), ("index", "skipped", "nothing new to tag or index")]


def test_a_load_that_failed_after_committing_still_gets_tagged(tmp_path: Path) -> None:
    """The load commits, then fails publishing the snapshot (here: a folder in its way; on a
    server a full disk or a kill). Its retry finds nothing new, yet what the first attempt
    committed has not been tagged: the next cycle must tag it, not skip as 'nothing new'."""
    import json

    project = load_project(tmp_path / "home")
    project.ensure_dirs()
    staged = project.staging_dir / "us_state_briefings" / "run1.jsonl"
    staged.parent.mkdir(parents=True)
    staged.write_text(json.dumps({
        "statement_id": "us_state_briefings:1", "source": "us_state_briefings", "channel": "us_state",
        "country": "US", "tier": "ministry", "lang": "en", "url": "https://www.state.gov/1",
        "text": "The United States welcomes the trilateral summit.", "event_date": "2026-10-01",
    }) + "\n")
    project.snapshot_path.mkdir()  # publishing the snapshot fails after the load committed
    runner = CycleRunner(project, ScheduleOptions(steps=("load", "tag"), retries=1, backoff=0.01))
    first = runner.run_cycle("us_state_briefings")
    assert [(s.step, s.status) for s in first.steps] == [("load", "failed")]
    project.snapshot_path.rmdir()
    second = runner.run_cycle("us_state_briefings")
    assert [(s.step, s.status) for s in second.steps] == [("load", "ok"), ("tag", "ok")]
    assert second.steps[0].items_new == 0  # the first cycle's load had committed it
    assert second.steps[1].items_new == 1
