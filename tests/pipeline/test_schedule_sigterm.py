"""SIGTERM to ``rdi schedule run`` while a load is writing: nothing half-written, next run completes.

A backlog of staged records (as after downtime) makes the load take a few seconds; the
scheduler is sent SIGTERM once the load process has the warehouse open. The warehouse keeps
exactly its committed content, the snapshot readers use is untouched, the abandoned step is
in the run history, and the next cycle loads everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crawlers.items import Statement, content_hash
from crawlers.mirror import MirrorProcess
from pipeline.config import load_project
from pipeline.history import pending_steps
from pipeline.load import load
from tests.pipeline.schedule_support import (
    RDI,
    env_for,
    mirror_root,
    query,
    rdi,
    steps,
    write_home,
)

A = "jp_kantei_statements_ja"
BACKLOG = 900
CONTENT = """select
    (select count(*) from statements), (select count(*) from units), (select count(*) from runs),
    (select count(*) from load_files), (select coalesce(max(run_id), 0) from runs),
    (select coalesce(sum(hash(statement_id, content_hash)), 0) from statements)"""


def _records(n: int, prefix: str) -> str:
    lines = []
    for i in range(n):
        text = (f"Briefing {prefix}{i}: the spokesperson discussed item {i * 7919 % 10007} with partners. "
                f"Question {i} was answered on day {i % 28 + 1}.")
        st = Statement(statement_id=f"us_state_briefings:{prefix}{i}", source="us_state_briefings",
                       channel="us_state", country="US", office="Department of State", tier="ministry",
                       lang="en", title=f"Briefing {prefix}{i}", url=f"https://www.state.gov/briefings/{prefix}{i}/",
                       text=text, event_date=f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                       published_at="2025-06-01T10:00:00+00:00", fetched_at="2025-06-02T00:00:00+00:00",
                       turns=[])
        st.content_hash = content_hash(st.text, st.turns)
        lines.append(json.dumps(st.to_dict(), ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _opened(pid: int, path: Path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see when the load has the warehouse open")
    tmp = tmp_path_factory.mktemp("sigterm")
    root = mirror_root(tmp / "site", A)
    home = write_home(tmp / "home", cron={A: "*/2 * * * * *"},
                      schedule={"since": "2024-12-01", "steps": ["crawl", "load"], "retries": 0})
    staging = home / "staging" / "us_state_briefings"
    staging.mkdir(parents=True)
    (staging / "earlier.jsonl").write_text(_records(20, "e"), "utf-8")
    load(load_project(home))  # what the warehouse held before
    (staging / "backlog.jsonl").write_text(_records(BACKLOG, "b"), "utf-8")
    before = query(home / "warehouse.duckdb", CONTENT)[0]
    snap_before = _sha(home / "snapshot.duckdb")

    events: list[dict[str, Any]] = []
    with MirrorProcess(root) as mirror:
        env = env_for(mirror.host_map)
        proc = subprocess.Popen([RDI, "schedule", "run", "--home", str(home), "--log-format", "json"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def read() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                if line.startswith("{"):
                    events.append(json.loads(line))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        load_pid = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and load_pid is None:
            load_pid = next((e["pid"] for e in events
                             if e["event"] == "step process started" and e["step"] == "load"), None)
            time.sleep(0.02)
        assert load_pid, "the load never started"
        while time.monotonic() < deadline and not _opened(load_pid, (home / "warehouse.duckdb").resolve()):
            time.sleep(0.01)
        time.sleep(0.5)  # inside its transaction now
        load_alive = _opened(load_pid, (home / "warehouse.duckdb").resolve())
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=90)
        reader.join(timeout=10)
        after = query(home / "warehouse.duckdb", CONTENT)[0]
        journal = pending_steps(load_project(home))
        snap_after = _sha(home / "snapshot.duckdb")
        leftovers = sorted(p.name for p in home.glob(".snapshot.duckdb.*"))
        nxt = rdi("schedule", "once", "--source", A, "--home", str(home), env=env)
    return SimpleNamespace(home=home, rc=rc, events=events, before=before, after=after, load_pid=load_pid,
                           load_alive=load_alive, journal=journal, snap=(snap_before, snap_after),
                           leftovers=leftovers, next=nxt)


def test_sigterm_arrived_during_the_load(stopped: SimpleNamespace) -> None:
    assert stopped.load_alive, "the load had finished before SIGTERM: the test proves nothing"
    assert stopped.rc == 0
    assert not Path(f"/proc/{stopped.load_pid}").exists()  # stopped and reaped, not orphaned


def test_warehouse_unchanged(stopped: SimpleNamespace) -> None:
    assert stopped.after == stopped.before
    assert stopped.snap[0] == stopped.snap[1]  # readers' snapshot untouched
    assert stopped.leftovers == []  # no half-copied snapshot left behind


def test_abandoned_step_recorded(stopped: SimpleNamespace) -> None:
    # (fires while the cycle ran are recorded as skipped: the cron fires every 2 s)
    got = [(s["step"], s["status"], s["exit_reason"]) for s in stopped.journal if s["status"] != "skipped"]
    assert got == [("crawl", "ok", "finished"), ("load", "abandoned", "stopped by SIGTERM")]
    ended = [e for e in stopped.events if e["event"] == "cycle ended"]
    assert [e["status"] for e in ended] == ["abandoned"]


def test_next_run_completes(stopped: SimpleNamespace) -> None:
    assert stopped.next.returncode == 0, stopped.next.stderr[-2000:]
    assert stopped.next.stdout.split("\t")[:2] == [A, "ok"]
    counts = dict(query(stopped.home / "snapshot.duckdb", "select source, count(*) from statements group by 1"))
    assert counts == {"us_state_briefings": 20 + BACKLOG, A: 3}
    rows = [s for s in steps(stopped.home) if s["status"] != "skipped"]
    assert [(s["step"], s["status"]) for s in rows] == [
        ("crawl", "ok"), ("load", "abandoned"), ("crawl", "ok"), ("load", "ok")]
    new_load = rows[-1]
    assert new_load["items_new"] == BACKLOG + 3
