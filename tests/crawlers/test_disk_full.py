"""A staging file that cannot be written (disk full) loses no statement.

The feed exporter's failure is only logged by Scrapy, and the state store used to mark the
statement seen anyway: the next run found it "unchanged" and never staged it, so it never
reached the warehouse. Now the item is rolled back out of the state, the crawl stops and
fails with the path and the reason, and the next run stages every statement.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crawlers.mirror import MirrorProcess
from crawlers.state import StateFileError, StateStore
from pipeline.config import load_project
from pipeline.crawl import run_crawl
from tests.crawlers.conftest import FILES, write_config

SRC = "us_state_statements"
ROOT = FILES / "us_state_statements_feed_text" / "full"
REPO = Path(__file__).resolve().parents[2]


def test_a_full_disk_fails_the_crawl_and_the_next_run_stages_everything(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home)
    full = home / "staging" / SRC / "full.jsonl"
    full.parent.mkdir(parents=True)
    full.symlink_to("/dev/full")  # every write: ENOSPC, as on a full disk
    feeds = json.dumps({str(full): {"format": "jsonlines", "encoding": "utf-8"}})
    with MirrorProcess(ROOT) as mirror:
        project = load_project(home, host_map=mirror.host_map)
        (failed,) = run_crawl(project, [SRC], since="2025-07-01", timeout=120, extra_settings={"FEEDS": feeds})
        full.unlink()
        (again,) = run_crawl(project, [SRC], since="2025-07-01", timeout=120)
    assert not failed.ok
    assert failed.health["finish_reason"] == "feed_write_failed"
    assert any(f"staging file {full} could not be written (No space left on device)" in p
               for p in failed.problems), failed.problems
    assert again.ok, again.problems
    staged = [json.loads(line) for line in again.feed_path.read_text("utf-8").splitlines()]
    assert len(staged) == 4 and again.health["items_new"] == 4
    assert not (home / "state" / "jobs" / SRC).exists()  # no stale queue that would skip pages


def test_a_line_that_does_not_fit_is_not_left_half_written(tmp_path: Path) -> None:
    """A file-size limit (EFBIG, like a disk filling up mid-line) lets a write through in part;
    the staging file keeps only whole lines."""
    out = tmp_path / "staged.jsonl"
    script = textwrap.dedent(f"""
        import resource, signal
        from crawlers.feeds import FlushingFileFeedStorage
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, resource.RLIM_INFINITY))
        f = FlushingFileFeedStorage({str(out)!r}).open(None)
        written = 0
        try:
            for i in range(10):
                f.write(b'{{"n": %02d, "text": "abcdefghijklm"}}\\n' % i)
                written += 1
        except OSError as exc:
            print(written, exc.errno)
    """)
    line = b'{"n": 00, "text": "abcdefghijklm"}\n'
    assert len(line) == 35
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert res.stdout.split() == ["2", "27"]  # the third line did not fit (EFBIG)
    data = out.read_bytes()
    assert data.endswith(b"\n") and data.count(b"\n") == 2 and len(data) == 70


def _crawl(home: Path, host_map: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``rdi crawl`` in a subprocess whose files cannot grow past ``limit`` bytes (EFBIG, as a
    full disk gives ENOSPC), the crawl's own subprocesses included."""
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    env = dict(os.environ, RDI_HOST_MAP=host_map, RDI_MIRROR_ONLY="1")
    return subprocess.run([sys.executable, "-m", "pipeline", "crawl", "--source", SRC, "--since", "2025-07-01",
                           "--home", str(home)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=limited if limit else None)


@pytest.fixture(scope="module")
def crawled_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home after one complete crawl of SRC (state database, health file, log, staging).
    Read-only: tests copy it with :func:`_copy_home` before crawling again."""
    home = tmp_path_factory.mktemp("crawled") / "home"
    write_config(home)
    with MirrorProcess(ROOT) as mirror:
        (result,) = run_crawl(load_project(home, host_map=mirror.host_map), [SRC], since="2025-07-01", timeout=120)
    assert result.ok and result.items == 4, result.problems
    return home


def _copy_home(crawled_home: Path, tmp_path: Path, **crawl: object) -> Path:
    """This test's own copy of ``crawled_home`` (``crawl``: its rdi.toml [crawl] settings from now on)."""
    home = tmp_path / "home"
    shutil.copytree(crawled_home, home, symlinks=True)
    write_config(home, **crawl)
    return home


def _health_files(home: Path) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((home / "logs" / "health" / SRC).glob("*.json"))]


def test_a_state_database_that_cannot_be_written_fails_the_run_with_a_health_file_naming_it(
        tmp_path: Path, crawled_home: Path) -> None:
    """A crawl stopped by its state database (here with a log that fits) says which file it was,
    not only ``sqlite3.OperationalError: disk I/O error``, and leaves a failed health file like
    any other failed run: it used to leave none (the health extension died on the same file)."""
    home = _copy_home(crawled_home, tmp_path)  # crawled once
    with MirrorProcess(ROOT) as mirror:
        state = home / "state" / f"{SRC}.sqlite"
        assert state.stat().st_size > 20000
        failed = _crawl(home, mirror.host_map, 20000)
    assert failed.returncode == 1
    reason = f"state database {state}: disk I/O error; the crawl stopped"
    (line,) = [ln for ln in failed.stderr.splitlines() if ln.startswith("error:")]
    assert line.startswith(f"error: {SRC}: {reason}"), line
    first, second = _health_files(home)
    assert first["ok"] and not second["ok"]
    assert second["problems"][0].startswith(reason), second["problems"]


def test_a_state_database_that_fills_up_mid_crawl_stops_it_and_the_next_run_stages_everything(tmp_path: Path) -> None:
    """The store opens, then cannot commit what the crawl staged: the crawl stops there
    (``state_failed``) with a health file naming the file, and the next run stages the
    statements again, since the store never recorded them."""
    home = tmp_path / "home"
    write_config(home)
    with MirrorProcess(ROOT) as mirror:
        failed = _crawl(home, mirror.host_map, 60000)
        again = _crawl(home, mirror.host_map)
    assert failed.returncode == 1 and again.returncode == 0, again.stderr
    first, second = _health_files(home)
    state = home / "state" / f"{SRC}.sqlite"
    assert first["finish_reason"] == "state_failed" and not first["ok"]
    assert first["problems"] == [f"state database {state}: disk I/O error; the crawl stopped, and the statements "
                                 "it did not record are fetched again next run"]
    assert second["ok"] and second["items_new"] == 4


def test_a_damaged_state_database_fails_the_run_with_a_health_file_naming_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home)
    state = home / "state" / f"{SRC}.sqlite"
    state.parent.mkdir(parents=True)
    state.write_bytes(b"not a database " * 400)
    with MirrorProcess(ROOT) as mirror:
        failed = _crawl(home, mirror.host_map)
    assert failed.returncode == 1
    reason = f"state database {state}: file is not a database; the crawl stopped"
    (line,) = [ln for ln in failed.stderr.splitlines() if ln.startswith("error:")]
    assert line.startswith(f"error: {SRC}: {reason}"), line
    (health,) = _health_files(home)
    assert not health["ok"] and health["problems"][0].startswith(reason)
    assert not list((home / "staging" / SRC).glob("*.jsonl"))  # nothing staged that the state did not record


def test_a_locked_state_database_is_named(tmp_path: Path) -> None:
    """Another process holding the state database past the busy timeout: the error names the file
    (it read only ``database is locked``)."""
    path = tmp_path / f"{SRC}.sqlite"
    StateStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = StateStore(path, timeout=0.1)
        with pytest.raises(StateFileError, match=f"^state database {path}: database is locked$"):
            store.start_run("r1", "2026-12-07T00:00:00+00:00")
    finally:
        holder.execute("ROLLBACK")


def test_a_full_log_file_is_named_and_the_error_it_lost_goes_to_stderr(tmp_path: Path, crawled_home: Path) -> None:
    """The log file fills first: its path is said once, and the error that stopped the crawl
    (the state database, then full too) is still the failure's reason, named."""
    home = _copy_home(crawled_home, tmp_path, log_level="DEBUG")  # crawled once
    with MirrorProcess(ROOT) as mirror:
        failed = _crawl(home, mirror.host_map, 8000)
    logs = sorted((home / "logs" / "crawl" / SRC).glob("*.log"))
    assert len(logs) == 2 and logs[-1].stat().st_size == 8000  # the second run's log hit the limit
    (line,) = [ln for ln in failed.stderr.splitlines() if ln.startswith("error:")]
    assert "File too large" not in line and f"state database {home / 'state' / SRC}.sqlite: disk I/O error" in line, line


def test_a_log_file_that_cannot_be_written_is_named_once(tmp_path: Path) -> None:
    """Every failed log line used to print ``--- Logging error ---`` and a traceback ending in a
    bare ``OSError: [Errno 27] File too large``: the reason a crawl failed read just that."""
    log = tmp_path / "crawl.log"
    script = textwrap.dedent(f"""
        import logging, resource, signal
        from types import SimpleNamespace
        from crawlers.logfile import LOG_WRITE_ERROR, name_log_file_failures
        class Stats(dict):
            def set_value(self, key, value):
                self[key] = value
        handler = logging.FileHandler({str(log)!r})
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
        stats = Stats()
        name_log_file_failures(SimpleNamespace(settings={{"LOG_FILE": {str(log)!r}}}, stats=stats))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, resource.RLIM_INFINITY))
        for i in range(20):
            logging.getLogger("scrapy.core.engine").info("page %d of the crawl, and a little more text", i)
        try:
            raise ValueError("the reason the crawl stopped")
        except ValueError:
            logging.getLogger("scrapy.core.scraper").exception("Error processing item")
        print(stats[LOG_WRITE_ERROR])
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    assert res.stdout.strip() == f"log file {log} could not be written (File too large)"
    assert "Logging error" not in res.stderr and "page 19" not in res.stderr  # INFO lines are dropped
    first, second = [ln for ln in res.stderr.splitlines() if " ERROR: " in ln]
    assert first.endswith(f"[rdi.crawl] ERROR: log file {log} could not be written (File too large)")
    assert second.endswith("[scrapy.core.scraper] ERROR: Error processing item")
    assert res.stderr.rstrip().endswith("ValueError: the reason the crawl stopped")

    from pipeline.failures import exit_reason

    assert exit_reason(0, res.stderr) == "ValueError: the reason the crawl stopped"
