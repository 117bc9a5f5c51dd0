"""A crawl that dies before writing its health file: the reason is the exception, not "exit code N".

Real ``scrapy crawl`` subprocesses (``rdi crawl`` under the scheduler) fail on a bad setting;
nothing is fetched (``RDI_MIRROR_ONLY``: no host is mapped, so no request could leave).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import load_project
from pipeline.crawl import run_crawl
from pipeline.history import pending_steps
from pipeline.schedule import CycleRunner, ScheduleOptions
from crawlers.mirror import MirrorProcess
from tests.pipeline.schedule_support import RDI, env_for, json_lines, mirror_root, write_home

SOURCE = "us_state_statements"
BAD_INT = "ValueError: invalid literal for int() with base 10: 'many'"


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RDI_MIRROR_ONLY", "1")
    monkeypatch.delenv("RDI_HOST_MAP", raising=False)


def test_crawl_names_the_exception_of_a_bad_pipeline_setting(tmp_path: Path, offline: None) -> None:
    project = load_project(write_home(tmp_path / "home"))
    (result,) = run_crawl(project, [SOURCE], extra_settings={
        "ITEM_PIPELINES": json.dumps({"crawlers.pipelines.no_such_module.Pipeline": 100})}, timeout=120)
    assert (result.ok, result.health) == (False, {})
    assert result.error == "crawl did not finish: ModuleNotFoundError: No module named 'crawlers.pipelines.no_such_module'"


def test_scheduler_records_and_logs_the_exception(tmp_path: Path, offline: None) -> None:
    home = write_home(tmp_path / "home")
    (home / "rdi.toml").write_text((home / "rdi.toml").read_text().replace(
        "[crawl]\n", '[crawl]\nconcurrent_requests = "many"\n'), "utf-8")
    project = load_project(home)
    result = CycleRunner(project, ScheduleOptions(steps=("crawl",), retries=0)).run_cycle(SOURCE)
    (step,) = result.steps
    assert (step.status, step.exit_reason) == ("failed", f"error: {SOURCE}: crawl did not finish: {BAD_INT}")
    assert [s["exit_reason"] for s in pending_steps(project)] == [step.exit_reason]
    events = json_lines((project.logs_dir / "runs" / SOURCE / f"{result.run_id}.jsonl").read_text())
    assert [e["exit_reason"] for e in events if e["event"] == "step ended"] == [step.exit_reason]


def test_a_torn_health_file_is_named_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A health file an older rdi tore while writing it (a crash mid-write) fails the run with one
    line saying so; ``json.loads`` used to raise out of rdi crawl."""
    import pipeline.crawl

    torn: list[Path] = []

    def crash_mid_write(cmd: list[str], project: object, timeout: float | None,
                        lock_fd: int | None = None, lock_holder: object = None) -> tuple[int, str]:
        path = Path(next(a for a in cmd if a.startswith("RDI_HEALTH_FILE=")).split("=", 1)[1])
        path.write_text('{"source": "us_state_statements", "finish_reason": "fini', "utf-8")
        torn.append(path)
        return 0, ""

    monkeypatch.setattr(pipeline.crawl, "_run_scrapy", crash_mid_write)
    (result,) = run_crawl(load_project(write_home(tmp_path / "home")), [SOURCE])
    assert (result.ok, result.health) == (False, {})
    assert result.problems == [
        f"health file {torn[0]} is unreadable (Unterminated string starting at: line 1 column 52 (char 51)): a crash "
        "while it was written (by rdi before health files were written atomically) tore it; the run's figures are lost"]


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` refuses new files: mode 0555, or for root (whom modes do not stop) the immutable
    attribute (``chattr +i``); skips when neither is possible here."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    res = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.skip(f"cannot make {folder} read-only as root: chattr +i: {res.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_health_file_that_cannot_be_written_fails_the_crawl_and_names_it(tmp_path: Path) -> None:
    """A real rdi crawl that staged its statements but cannot write its health file (its folder
    read-only; a full disk fails the same write) exits 1, and its one error line names the health
    file and says the crawl itself went well: a run without a health file never passes for a run
    that went well, nor for one that did not finish."""
    source = "jp_kantei_statements_ja"
    root = mirror_root(tmp_path / "site", source)
    home = write_home(tmp_path / "home")
    health_dir = home / "logs" / "health" / source
    health_dir.mkdir(parents=True)
    with _read_only(health_dir), MirrorProcess(root) as mirror:
        res = subprocess.run([RDI, "crawl", "--home", str(home), "--source", source, "--since", "2024-12-01"],
                             env=env_for(mirror.host_map), capture_output=True, text=True, timeout=300, check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    (log,) = (home / "logs" / "crawl" / source).glob("*.log")
    health = health_dir / f"{log.stem}.json"
    # it read 'crawl did not finish: PermissionError: ...' when the log's traceback happened to name the file
    assert lines[0].startswith(f"error: {source}: health file {health} could not be written ("), lines[0]
    assert lines[0].endswith("): the crawl went well, but its figures are lost"), lines[0]
    assert not list(health_dir.iterdir())
    (staged,) = (home / "staging" / source).glob("*.jsonl")
    assert staged.read_text("utf-8").strip()  # the crawl itself went well: only its health file is missing
