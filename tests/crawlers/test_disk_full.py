"""A staging file that cannot be written (disk full) loses no statement.

The feed exporter's failure is only logged by Scrapy, and the state store used to mark the
statement seen anyway: the next run found it "unchanged" and never staged it, so it never
reached the warehouse. Now the item is rolled back out of the state, the crawl stops and
fails with the path and the reason, and the next run stages every statement.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from crawlers.mirror import MirrorProcess
from pipeline.config import load_project
from pipeline.crawl import run_crawl
from tests.crawlers.conftest import FILES, write_config

SRC = "us_state_statements"
ROOT = FILES / "us_state_statements_feed_text" / "full"


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
