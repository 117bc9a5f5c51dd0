"""``rdi status`` health figures and the source alerts, on a real warehouse with 90 days of history.

The run history is written as the scheduler writes it (``run_steps`` via the journal flush):
one source healthy, one whose last crawl found nothing, one not crawled successfully for
three days, one whose last crawl met HTTP errors, one whose extracted text shrank against the
generic extractor's (a redesign).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.alerts import check_alerts
from pipeline.cli import app
from pipeline.config import Project, load_project
from pipeline.history import append_steps, flush_steps
from pipeline.status import status

OK, ZERO, STALE, ERRORS, DRIFT = (
    "jp_kantei_statements_ja", "kr_mofa_briefings_ko", "us_state_briefings",
    "jp_mofa_press_conferences_ja", "us_whitehouse_statements")
SOURCES = (OK, ZERO, STALE, ERRORS, DRIFT)
NOW = datetime.now(UTC).replace(microsecond=0)
EVERY = timedelta(hours=6)


def _crawl(source: str, at: datetime, **over: Any) -> dict[str, Any]:
    row = {"run_id": f"{at:%Y%m%dT%H%M%S}-{source}", "step": "crawl", "source": source,
           "started_at": at.isoformat(), "ended_at": (at + timedelta(minutes=2)).isoformat(),
           "status": "ok", "attempts": 1, "requests": 10, "responses": 10, "http_errors": 0,
           "items_new": 1 if at.hour < 12 else 0, "items_updated": 0, "items_unchanged": 3,
           "items_seen": 5, "errors": 0, "text_ratio": 0.8, "text_samples": 3, "exit_reason": "finished"}
    return {**row, **over}


def _history() -> list[dict[str, Any]]:
    rows = []
    t = NOW - timedelta(days=90)
    while t <= NOW - timedelta(hours=1):
        for src in SOURCES:
            if src == STALE and t > NOW - timedelta(days=3):
                rows.append(_crawl(src, t, status="failed", items_seen=0, items_new=0, requests=3,
                                   responses=0, http_errors=3, exit_reason="all 2 discovery URL(s) failed"))
            else:
                rows.append(_crawl(src, t))
        t += EVERY
    last = t - EVERY
    for i, r in enumerate(rows):
        if r["started_at"] != last.isoformat():
            continue
        if r["source"] == ZERO:
            rows[i] = _crawl(ZERO, last, items_seen=0, items_new=0, items_unchanged=0, status="failed",
                             text_ratio=None, text_samples=0, exit_reason="0 statements where at least 1 are expected")
        elif r["source"] == ERRORS:
            rows[i] = _crawl(ERRORS, last, http_errors=8)
        elif r["source"] == DRIFT:
            rows[i] = _crawl(DRIFT, last, text_ratio=0.21)
    return rows


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    home = tmp_path_factory.mktemp("status") / "home"
    home.mkdir()
    (home / "rdi.toml").write_text("[schedule.cron]\n" + "".join(f'{s} = "0 */6 * * *"\n' for s in SOURCES))
    project = load_project(home)
    append_steps(project, _history())
    assert flush_steps(project) > 1000
    return project


def _by_source(project: Project) -> dict[str, Any]:
    return {h.source: h for h in status(project, now=NOW).health}


def test_healthy_source_figures(project: Project) -> None:
    h = _by_source(project)[OK]
    assert h.alerts == [] and h.last_status == "ok"
    assert h.cadence_s == 6 * 3600
    assert 3600 <= h.staleness_s <= 7 * 3600
    crawls_7d = [r for r in _history() if r["source"] == OK and r["started_at"] >= (NOW - timedelta(days=7)).isoformat()]
    assert h.items_7d == sum(r["items_new"] for r in crawls_7d)
    assert h.usual_7d == pytest.approx(h.items_7d, rel=0.2)  # a steady source: as usual
    assert h.items_30d == pytest.approx(4 * h.items_7d, rel=0.25)
    assert (h.error_share, h.text_ratio, h.usual_text_ratio) == (0.0, 0.8, 0.8)


def test_each_problem_raises_its_alert(project: Project) -> None:
    got = {s: h.alerts for s, h in _by_source(project).items()}
    assert got == {OK: [], ZERO: ["zero_items", "run_failed"], STALE: ["stale", "error_spike", "run_failed"],
                   ERRORS: ["error_spike"], DRIFT: ["extraction_drift"]}
    h = _by_source(project)
    assert h[STALE].staleness_s > 3 * 86400 - 7 * 3600 and h[STALE].last_success is not None
    assert h[ERRORS].error_share == 0.8 and h[ERRORS].usual_error_share == 0.0
    assert (h[DRIFT].text_ratio, h[DRIFT].usual_text_ratio) == (0.21, 0.8)


def test_status_cli_exit_and_json(project: Project) -> None:
    res = CliRunner().invoke(app, ["status", "--home", str(project.home), "--json"])
    assert res.exit_code == 1  # needs attention
    st = json.loads(res.output)
    assert st["needs_attention"] is True
    assert {a["key"] for a in st["alerts"]} >= {f"source:{ZERO}:zero_items", f"source:{DRIFT}:extraction_drift"}
    table = CliRunner().invoke(app, ["status", "--home", str(project.home)])
    assert table.exit_code == 1 and "rdi status · sources" in table.output and "extraction_drift" in table.output


def test_alerts_open_once_and_resolve(project: Project) -> None:
    first = check_alerts(project, now=NOW)
    assert sorted(e["key"] for e in first if e["event"] == "open") == sorted(
        f"source:{s}:{k}" for s, ks in {ZERO: ["zero_items", "run_failed"], STALE: ["stale", "error_spike", "run_failed"],
                                        ERRORS: ["error_spike"], DRIFT: ["extraction_drift"]}.items() for k in ks)
    assert check_alerts(project, now=NOW) == []  # nothing new
    later = NOW + timedelta(hours=1)
    append_steps(project, [_crawl(ZERO, later - timedelta(minutes=5), run_id="recovered")])
    flush_steps(project)
    events = check_alerts(project, now=later)
    assert sorted((e["event"], e["key"]) for e in events) == [
        ("resolved", f"source:{ZERO}:run_failed"), ("resolved", f"source:{ZERO}:zero_items")]
    log = [json.loads(line) for line in (project.logs_dir / "alerts.jsonl").read_text().splitlines()]
    assert [e["event"] for e in log].count("open") == 7 and [e["event"] for e in log].count("resolved") == 2


def test_flush_is_idempotent(project: Project) -> None:
    from tests.pipeline.schedule_support import query

    n = query(project.snapshot_path, "select count(*) from run_steps")[0][0]
    append_steps(project, _history()[:5])  # the same steps again (e.g. a crash before truncation)
    flush_steps(project)
    assert query(project.snapshot_path, "select count(*) from run_steps")[0][0] == n


def test_a_retired_sources_last_failed_run_raises_no_alert(tmp_path: Path) -> None:
    """A source an update removed from crawlers/sources.toml keeps its history, not its alerts."""
    retired = "jp_retired_statements_ja"
    project = load_project(tmp_path / "home")
    append_steps(project, [_crawl(retired, NOW - timedelta(hours=2), status="failed", items_seen=0, items_new=0,
                                  exit_reason="0 statements where at least 1 are expected")])
    flush_steps(project)
    st = status(project, now=NOW)
    assert [(h.source, h.last_status) for h in st.health] == [(retired, "failed")]
    assert st.alerts == [] and not st.needs_attention


def test_status_names_the_locks_held_now(project: Project) -> None:
    """A cycle holding its source and the warehouse writer shows in rdi status (JSON and table)
    with its pid; once it is killed, nothing is listed although its lock files stay."""
    import os
    import signal
    import subprocess
    import sys

    hold = ("import sys, time\nfrom pipeline.locks import FileLock\n"
            "a = FileLock(sys.argv[1], 'cycle-" + OK + "').acquire()\n"
            "b = FileLock(sys.argv[1], 'warehouse-writer').acquire()\nprint('held', flush=True)\ntime.sleep(60)\n")
    lock_dir = project.state_dir / "locks"
    proc = subprocess.Popen([sys.executable, "-c", hold, str(lock_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        res = CliRunner().invoke(app, ["status", "--home", str(project.home), "--json"])
        locks = {lk["name"]: lk for lk in json.loads(res.output)["locks"]}
        assert set(locks) == {f"cycle-{OK}", "warehouse-writer"}
        assert locks["warehouse-writer"]["pid"] == proc.pid and locks["warehouse-writer"]["held"] is True
        assert locks["warehouse-writer"]["held_by"].startswith(f"by pid {proc.pid} on ")
        table = CliRunner().invoke(app, ["status", "--home", str(project.home)], terminal_width=200)
        assert f"running warehouse-writer: held by pid {proc.pid} on " in table.output
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert status(project, now=NOW).locks == []
    assert (lock_dir / "warehouse-writer.lock").is_file()
