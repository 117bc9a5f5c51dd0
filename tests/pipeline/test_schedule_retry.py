"""A failing step is retried with exponential backoff, then recorded as failed with its reason."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.config import load_project
from pipeline.history import pending_steps
from pipeline.schedule import CycleRunner, ScheduleOptions
from tests.pipeline.schedule_support import steps


def test_failed_step_retried_with_backoff_then_recorded(tmp_path: Path) -> None:
    project = load_project(tmp_path / "home")
    project.ensure_dirs()
    (project.state_dir / "index-pending").touch()  # something loaded is waiting for the index
    runner = CycleRunner(project, ScheduleOptions(steps=("index",), retries=2, backoff=0.5))
    t0 = time.monotonic()
    result = runner.run_cycle("us_state_briefings")
    elapsed = time.monotonic() - t0
    assert result.status == "failed"
    (step,) = result.steps
    assert (step.step, step.status, step.attempts) == ("index", "failed", 3)
    assert step.exit_reason == f"error: no warehouse at {project.warehouse_path}; run rdi load first"
    assert elapsed >= 0.5 + 1.0  # waited 0.5 s, then 1 s between the attempts
    events = (project.logs_dir / "runs" / "us_state_briefings" / f"{result.run_id}.jsonl").read_text()
    assert events.count('"step failed, retrying"') == 2
    assert (project.state_dir / "index-pending").exists()  # still to do at the next cycle
    assert pending_steps(project) == []  # flushed into the warehouse at the end of the cycle
    assert [(s["step"], s["status"], s["attempts"]) for s in steps(project.home)] == [("index", "failed", 3)]
