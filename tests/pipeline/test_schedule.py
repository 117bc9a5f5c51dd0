"""The real scheduler (``rdi schedule run``) with second-level cron triggers on a local mirror.

Two sources on different cadences are crawled through the host map by the real spiders and
loaded into a real warehouse for 9 s. Meanwhile a second ``rdi schedule once`` for a
source whose cycle is running is refused; a lock left by a killed cycle is taken over.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crawlers.mirror import MirrorProcess
from pipeline.locks import read_lock
from pipeline.schedule import parse_cron
from tests.pipeline.schedule_support import (
    RDI,
    env_for,
    json_lines,
    mirror_root,
    query,
    rdi,
    steps,
    write_home,
)

A, B = "jp_kantei_statements_ja", "kr_koreakr_mofa_ko"
# A every 3 s, B every 6 s: in 9 s A fires 3 or 4 times, B once or twice. A cycle (crawl and
# load) takes 3-6 s, so fires of a source still running are skipped and recorded as such.
CRON = {A: "*/3 * * * * *", B: "*/6 * * * * *"}
STOP_AFTER = 9.0

HOLD = """
import sys, time
from pipeline.locks import FileLock
FileLock(sys.argv[1], sys.argv[2]).acquire()
print("held", flush=True)
time.sleep(60)
"""


def _kill_holding(lock_dir: Path, name: str) -> int:
    """A process takes the lock and is SIGKILLed while holding it (a crashed cycle)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(lock_dir), name], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    tmp = tmp_path_factory.mktemp("schedule")
    root = mirror_root(tmp / "site", A, B)
    home = write_home(tmp / "home", cron=CRON, schedule={
        "since": "2024-12-01", "steps": ["crawl", "load"], "retries": 0, "health_check": "0 0 1 1 *"})
    lock_dir = home / "state" / "locks"
    dead_pid = _kill_holding(lock_dir, f"cycle-{B}")
    stale = read_lock(lock_dir, f"cycle-{B}")
    second = None
    with MirrorProcess(root) as mirror:
        env = env_for(mirror.host_map)
        proc = subprocess.Popen(
            [RDI, "schedule", "run", "--home", str(home), "--log-format", "json", "--stop-after", str(STOP_AFTER)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + STOP_AFTER - 2
        while time.monotonic() < deadline:
            if read_lock(lock_dir, f"cycle-{A}").held:
                second = rdi("schedule", "once", "--source", A, "--home", str(home), env=env)
                break
            time.sleep(0.05)
        _, err = proc.communicate(timeout=STOP_AFTER + 180)
    log = json_lines(err)
    return SimpleNamespace(home=home, rc=proc.returncode, pid=proc.pid, err=err, log=log, stale=stale,
                           dead_pid=dead_pid, second=second, steps=steps(home), lock_dir=lock_dir)


def _cycles(run: SimpleNamespace, source: str) -> dict[str, list[dict[str, Any]]]:
    """The scheduler's cycles of ``source`` (run id -> steps), without the refused manual start."""
    out: dict[str, list[dict[str, Any]]] = {}
    for s in run.steps:
        if s["source"] == source and "locked by pid" not in (s["exit_reason"] or ""):
            out.setdefault(s["run_id"], []).append(s)
    return out


def _fires(cron: str, start: float, end: float) -> int:
    trig = parse_cron(cron)
    t = trig.get_next_fire_time(None, datetime.fromtimestamp(start, UTC))
    n = 0
    while t is not None and t.timestamp() <= end:
        n += 1
        t = trig.get_next_fire_time(t, t + timedelta(seconds=1))
    return n


def test_scheduler_exits_cleanly(run: SimpleNamespace) -> None:
    assert run.rc == 0, run.err[-3000:]
    assert any(e.get("event") == "scheduler stopped" for e in run.log)


def test_each_source_runs_on_its_own_cadence(run: SimpleNamespace) -> None:
    t0 = next(e["created"] for e in run.log if e.get("event") == "scheduler started")
    counts = {}
    for src in (A, B):
        n = len(_cycles(run, src))  # every fire is a cycle, or a recorded skip if the last one still ran
        lo = _fires(CRON[src], t0 + 0.5, t0 + STOP_AFTER - 0.5)
        hi = _fires(CRON[src], t0 - 0.5, t0 + STOP_AFTER + 0.5)
        assert lo <= n <= hi, (src, n, lo, hi)
        counts[src] = n
    assert counts[A] > counts[B] >= 1


def test_a_running_source_is_not_started_twice(run: SimpleNamespace) -> None:
    assert run.second is not None, "source A never seen running"
    assert run.second.returncode == 0, run.second.stderr
    assert run.second.stdout.split("\t")[:2] == [A, "skipped_busy"]
    refused = [s for s in run.steps if "locked by pid" in (s["exit_reason"] or "")]
    assert [(s["source"], s["step"], s["status"]) for s in refused] == [(A, "crawl", "skipped")]
    assert f"locked by pid {run.pid}" in refused[0]["exit_reason"]
    spans = sorted((min(s["started_at"] for s in st), max(s["ended_at"] for s in st))
                   for st in _cycles(run, A).values() if any(s["status"] == "ok" for s in st))
    assert spans
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "two cycles of one source overlapped"
    # every fire the scheduler skipped came while a cycle of that source was running (its
    # steps, or the history flush and alert check that follow them: a few seconds more)
    for src in (A, B):
        own = sorted((min(s["started_at"] for s in st), max(s["ended_at"] for s in st))
                     for st in _cycles(run, src).values() if st[0]["status"] != "skipped")
        for st in _cycles(run, src).values():
            if st[0]["status"] == "skipped":
                assert st[0]["exit_reason"] == "busy: previous cycle still running"
                assert any(a <= st[0]["started_at"] <= b + timedelta(seconds=5) for a, b in own), st[0]


def test_stale_lock_of_killed_cycle_is_taken_over(run: SimpleNamespace) -> None:
    assert (run.stale.pid, run.stale.held) == (run.dead_pid, False)
    first = next(iter(_cycles(run, B).values()))
    assert [(s["step"], s["status"]) for s in first] == [("crawl", "ok"), ("load", "ok")]
    assert read_lock(run.lock_dir, f"cycle-{B}").pid == run.pid  # last taken by the scheduler


def test_run_history_rows(run: SimpleNamespace) -> None:
    per_source = dict(query(run.home / "snapshot.duckdb", "select source, count(*) from statements group by 1"))
    assert per_source[A] == 3 and per_source[B] >= 1
    loads = []
    for src in (A, B):
        ran = [st for st in _cycles(run, src).values() if st[0]["status"] != "skipped"]
        for st in ran:
            assert [s["step"] for s in st] == ["crawl", "load"]  # the configured steps, nothing else
            assert all(s["status"] == "ok" and s["started_at"] <= s["ended_at"] for s in st)
            crawl = st[0]
            assert crawl["requests"] > 0 and crawl["items_seen"] > 0 and crawl["exit_reason"] == "finished"
            loads.append(st[1])
        crawls = [st[0] for st in ran]
        # new statements are counted once, on the first crawl; later crawls see them unchanged
        assert crawls[0]["items_new"] == per_source[src]
        assert all(c["items_new"] == 0 for c in crawls[1:])
    assert sum(s["items_new"] for s in loads) == sum(per_source.values())
    assert {s["warehouse_run_id"] for s in loads} <= {r[0] for r in query(
        run.home / "snapshot.duckdb", "select run_id from runs where kind = 'load'")}
    spans = sorted((s["started_at"], s["ended_at"]) for s in loads)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "two warehouse writers overlapped"
    assert not (run.home / "state" / "run_steps.jsonl").read_text().strip()  # all flushed


def test_structured_log_per_run(run: SimpleNamespace) -> None:
    ended = [e for e in run.log if e.get("event") == "step ended"]
    assert ended and all(e["run_id"] and e["source"] in (A, B) and e["step"] for e in ended)
    run_id = ended[0]["run_id"]
    own = json_lines((run.home / "logs" / "runs" / ended[0]["source"] / f"{run_id}.jsonl").read_text())
    assert {e["run_id"] for e in own} == {run_id}
    assert [e["event"] for e in own][:2] == ["cycle started", "step started"]
    assert (run.home / "logs" / "runs" / ended[0]["source"] / f"{run_id}.crawl.log").exists()
