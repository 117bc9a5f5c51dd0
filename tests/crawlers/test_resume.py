"""A crawl stopped mid-run resumes from its JOBDIR without duplicates or gaps."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from pipeline.config import load_project
from pipeline.crawl import run_crawl
from pipeline.locks import read_lock
from crawlers.mirror import MirrorProcess
from tests.crawlers import sitegen
from tests.crawlers.conftest import staged, write_config

SRC = "jp_kantei_statements_ja"
N = 200
STOP_AT = 20  # statements staged when the first run is stopped


def _sigterm_once_staged(home: Path, count: int, sent: list[int]) -> None:
    """SIGTERM the running ``scrapy crawl`` (named in the source's lock file) once ``count``
    statements are staged: stopped mid-run however long its start-up took."""
    staging, lock_dir = home / "staging" / SRC, home / "state" / "locks"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        lines = sum(p.read_bytes().count(b"\n") for p in staging.glob("*.jsonl")) if staging.is_dir() else 0
        child = read_lock(lock_dir, SRC).child if lines >= count else None
        if child:
            os.kill(child, signal.SIGTERM)
            sent.append(lines)
            return
        time.sleep(0.01)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    urls = sitegen.build(root, N)
    home = tmp_path_factory.mktemp("home")
    # ~4 s for all N, so the run is still busy when stopped
    write_config(home, download_delay=0.02, concurrent_requests_per_domain=1)
    with MirrorProcess(root) as mirror:
        project = load_project(home, host_map=mirror.host_map)
        sent: list[int] = []
        stopper = threading.Thread(target=_sigterm_once_staged, args=(home, STOP_AT, sent), daemon=True)
        stopper.start()
        (first,) = run_crawl(project, [SRC], since="2020-01-01", timeout=120)
        stopper.join(timeout=5)
        assert sent, "the first run was never stopped"
        jobdir_kept = (home / "state" / "jobs" / SRC).is_dir()
        (second,) = run_crawl(project, [SRC], since="2020-01-01", timeout=120)
    return first, second, urls, jobdir_kept, home


def test_first_run_was_interrupted(runs):
    first, *_ = runs
    assert (first.health["finish_reason"], first.ok) == ("shutdown", False)


def test_first_run_staged_part(runs):
    first, *_ = runs
    assert 0 < first.items < N


def test_jobdir_kept_for_resume(runs):
    assert runs[3] is True


def test_resumed_run_finishes(runs):
    second = runs[1]
    assert (second.health["finish_reason"], second.ok) == ("finished", True)


def test_no_gaps(runs):
    first, second, urls, _, _ = runs
    got = {i["url"] for i in staged(first) + staged(second)}
    assert got == set(urls)


def test_no_duplicates(runs):
    first, second, *_ = runs
    ids = [i["statement_id"] for i in staged(first) + staged(second)]
    assert len(ids) == len(set(ids)) == N


def test_jobdir_removed_after_finish(runs):
    home = runs[4]
    assert not (home / "state" / "jobs" / SRC).exists()


def test_staged_lines_are_complete_json(runs):
    first = runs[0]
    lines = first.feed_path.read_text("utf-8").splitlines()
    assert all(json.loads(line)["statement_id"] for line in lines)


def test_second_run_resumed_the_saved_queue(runs):
    second = runs[1]
    assert "Resuming crawl" in second.log_path.read_text("utf-8")


def test_a_crawl_past_its_time_limit_is_stopped_and_says_so(tmp_path):
    """run_crawl's own limit: the crawl is stopped gracefully (its queue kept for the next run),
    not ok, and its error names the limit rather than a bare shutdown."""
    root = tmp_path / "site"
    sitegen.build(root, 100)
    home = tmp_path / "home"
    write_config(home, download_delay=0.1, concurrent_requests_per_domain=1)  # 10 s for all 100
    with MirrorProcess(root) as mirror:
        (run,) = run_crawl(load_project(home, host_map=mirror.host_map), [SRC], since="2020-01-01", timeout=4)
    assert run.ok is False and run.items < 100
    assert run.error is not None and "4 s time limit" in run.error, run.error
    if run.health:  # stopped after the spider opened (not during a slow start-up)
        assert run.health["finish_reason"] == "shutdown"
        assert (home / "state" / "jobs" / SRC).is_dir()
