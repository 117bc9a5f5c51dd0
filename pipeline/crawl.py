"""``run_crawl``: run the real spiders (one ``scrapy crawl`` subprocess per source).

Each source runs in its own process (Twisted's reactor cannot restart, and a stuck site must
not hold up the others); up to ``parallel`` sources run at once. Output: JSON lines via Scrapy
FEEDS into ``<home>/staging/<source>/<run_id>.jsonl``; per-run health JSON in
``<home>/logs/health/<source>/<run_id>.json``; the Scrapy log beside it; resumable request
queue (JOBDIR) in ``<home>/state/jobs/<source>`` (kept only while a run is unfinished); state
store ``<home>/state/<source>.sqlite``. Crawls never open the warehouse.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crawlers.health import HealthFileError, health_not_written, read_health
from crawlers.sources import get_source, load_sources
from crawlers.statefail import STATE_FAILED
from pipeline.config import ConfigError, Project, number_problem
from pipeline.failures import exit_reason
from pipeline.locks import held_by, holder, read_lock, write_holder

REPO_ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = "time limit"  # what _run_scrapy adds to a crawl's stderr when it stopped it at its limit


class CrawlError(RuntimeError):
    """A crawl could not be started (bad source, bad date, source already running)."""


@dataclass
class SourceRunResult:
    """What one source's run did."""

    source: str
    run_id: str
    ok: bool
    exit_code: int
    items: int
    feed_path: Path | None
    health: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None
    elapsed_s: float = 0.0
    error: str | None = None

    @property
    def problems(self) -> list[str]:
        """Why the run counts as failed (empty when ok)."""
        out = list(self.health.get("problems", []))
        if self.error:
            out.insert(0, self.error)
        return out


#: The health checks' ``[crawl]`` keys (README): (integer?, lowest, highest). Scrapy's
#: getint/getfloat would otherwise fail every source's crawl with a bare "invalid literal".
NUMERIC_KEYS: dict[str, tuple[bool, float, float | None]] = {
    "text_samples": (True, 0, None),
    "feed_min_items": (True, 0, None),
    "feed_min_chars": (True, 0, None),
    "feed_bad_share": (False, 0, 1),
    "feed_drop": (False, 0, 1),
    "feed_history": (True, 0, None),
}


def _check_numbers(cfg: dict[str, Any]) -> None:
    """Raise :class:`ConfigError` naming the first ``[crawl]`` key whose value is no fit number."""
    for key, (integer, low, high) in NUMERIC_KEYS.items():
        if key in cfg and (problem := number_problem("crawl", key, cfg[key], integer=integer, low=low, high=high)):
            raise ConfigError(problem)


def crawl_settings(project: Project) -> dict[str, str]:
    """Scrapy ``-s`` settings from the project's ``[crawl]`` config and host map."""
    cfg = project.config.get("crawl", {}) or {}
    _check_numbers(cfg)
    s: dict[str, str] = {}
    if project.host_map_spec:
        s["RDI_HOST_MAP"] = project.host_map_spec
    if "download_delay" in cfg:
        delay = float(cfg["download_delay"])
        s["DOWNLOAD_DELAY"] = str(delay)
        s["AUTOTHROTTLE_START_DELAY"] = str(delay)
        if delay == 0:
            s["AUTOTHROTTLE_ENABLED"] = "False"
    for key, setting in (
        ("user_agent", "USER_AGENT"),
        ("concurrent_requests", "CONCURRENT_REQUESTS"),
        ("concurrent_requests_per_domain", "CONCURRENT_REQUESTS_PER_DOMAIN"),
        ("robots_timeout", "RDI_ROBOTS_TIMEOUT"),
        ("log_level", "LOG_LEVEL"),
        ("download_timeout", "DOWNLOAD_TIMEOUT"),
        # health checks (crawlers/health.py, crawlers/feed_text.py)
        ("text_samples", "RDI_TEXT_SAMPLES"),
        ("feed_min_items", "RDI_FEED_MIN_ITEMS"),
        ("feed_min_chars", "RDI_FEED_MIN_CHARS"),
        ("feed_bad_share", "RDI_FEED_BAD_SHARE"),
        ("feed_drop", "RDI_FEED_DROP"),
        ("feed_history", "RDI_FEED_HISTORY"),
    ):
        if key in cfg:
            s[setting] = str(cfg[key])
    return s


def _env(project: Project) -> dict[str, str]:
    env = dict(os.environ)
    cfg = project.config.get("crawl", {}) or {}
    if cfg.get("contact"):
        env["RDI_CONTACT"] = str(cfg["contact"])
    env["SCRAPY_SETTINGS_MODULE"] = "crawlers.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return env


def _check(sources: list[str], since: str | date | None) -> str | None:
    for sid in sources:
        get_source(sid)  # raises UnknownSourceError listing the known ids
    if since is None:
        return None
    try:
        return date.fromisoformat(str(since)).isoformat()
    except ValueError:
        raise CrawlError(f"--since {since!r} is not a date (use YYYY-MM-DD)") from None


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


def _log_tail(path: Path, size: int = 65536) -> str:
    """The end of a Scrapy log file ("" when there is none)."""
    try:
        with path.open("rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - size))
            return f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _record_holder(fd: int, info: dict[str, Any]) -> None:
    """Record the crawl lock's holder; a file that cannot be written (full disk) costs only the name."""
    try:
        write_holder(fd, info)
    except OSError:
        pass


def _run_scrapy(cmd: list[str], project: Project, timeout: float | None,
                lock_fd: int | None = None, lock_holder: dict[str, Any] | None = None) -> tuple[int, str]:
    """Run one ``scrapy crawl``; past ``timeout`` stop it gracefully (SIGTERM: the JOBDIR queue is
    saved and the next run resumes), then hard if it does not stop within 30 s.

    ``lock_fd`` (the source's flocked lock file) is inherited by the child, so the lock is held
    until the child has exited too: a crawl orphaned by a killed ``rdi crawl`` keeps its source.
    The child's pid is added to ``lock_holder`` in the lock file, for a refused crawl to name."""
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=_env(project), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            pass_fds=() if lock_fd is None else (lock_fd,))
    if lock_fd is not None and lock_holder is not None:
        _record_holder(lock_fd, {**lock_holder, "child": proc.pid})
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        err = (err or "") + f"\nstopped after the {timeout} s {TIME_LIMIT}"
    return proc.returncode, err or ""


def run_source(project: Project, source: str, since: str | None = None, extra: dict[str, str] | None = None,
               timeout: float | None = None) -> SourceRunResult:
    """Crawl one source in a subprocess and report what it did."""
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    feed = project.staging_dir / source / f"{run_id}.jsonl"
    health_path = project.logs_dir / "health" / source / f"{run_id}.json"
    log_path = project.logs_dir / "crawl" / source / f"{run_id}.log"
    jobdir = project.state_dir / "jobs" / source
    for d in (feed.parent, health_path.parent, log_path.parent, jobdir.parent, project.state_dir / "locks"):
        d.mkdir(parents=True, exist_ok=True)
    # The flock belongs to the open file, which the scrapy child inherits (pass_fds): it is released
    # only once this process and the child have both closed it, so a crawl whose parent was killed
    # (kill -9, the OOM killer) still holds its source until it ends. Opened without truncating:
    # a refused opener must not touch the holder's file, whose record (pipeline.locks: pid, host,
    # start, and the scrapy child's pid) it reads to name the holder.
    lock_dir = project.state_dir / "locks"
    lock = os.open(lock_dir / f"{source}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(lock)
        by = held_by(read_lock(lock_dir, source))
        return SourceRunResult(source, run_id, False, -1, 0, None, error=f"{source} is already being crawled {by}")
    lock_holder = holder()
    _record_holder(lock, lock_holder)
    started = time.monotonic()
    try:
        settings = {
            "RDI_STATE_DIR": str(project.state_dir),
            "RDI_HEALTH_FILE": str(health_path),
            "RDI_RUN_ID": run_id,
            "JOBDIR": str(jobdir),
            "LOG_FILE": str(log_path),
            "FEEDS": json.dumps({str(feed): {"format": "jsonlines", "encoding": "utf-8"}}),
            **crawl_settings(project),
            **(extra or {}),
        }
        cmd = [sys.executable, "-m", "scrapy", "crawl", source]
        for k, v in settings.items():
            cmd += ["-s", f"{k}={v}"]
        if since:
            cmd += ["-a", f"since={since}"]
        code, stderr = _run_scrapy(cmd, project, timeout, lock, lock_holder)
        if code != 0 and not health_path.is_file() and jobdir.exists() and TIME_LIMIT not in stderr:
            # A crawl killed hard can leave an unreadable JOBDIR: start clean (the state store
            # still prevents re-emitting what was already staged).
            shutil.rmtree(jobdir, ignore_errors=True)
            code, stderr = _run_scrapy(cmd, project, timeout, lock, lock_holder)
        health: dict[str, Any] = {}
        error = None
        if health_path.is_file():
            try:
                health = read_health(health_path)
            except HealthFileError as exc:
                error = str(exc)
        if error is None and TIME_LIMIT in stderr:
            error = f"stopped at the {timeout} s time limit; the next run resumes its saved queue if it was kept"
        elif not health and error is None:
            error = (health_not_written(stderr)
                     or f"crawl did not finish: {exit_reason(code, stderr, _log_tail(log_path))}")
        items = _count_lines(feed)
        if items == 0 and feed.is_file():
            feed.unlink()
        # a crawl stopped by a full disk (staging file or state database) keeps no queue: its
        # requests-seen list would skip the pages of the statements it could not stage or record
        # until the run after the resumed one
        if health.get("finish_reason") in ("finished", "feed_write_failed", STATE_FAILED) and jobdir.exists():
            shutil.rmtree(jobdir, ignore_errors=True)
        ok = bool(health.get("ok")) and code == 0 and error is None
        return SourceRunResult(source, run_id, ok, code, items, feed if items else None, health, log_path,
                               round(time.monotonic() - started, 2), error)
    finally:
        # close, not LOCK_UN: unlocking the shared open file would free a child still running
        # (an exception or interrupt here while it runs)
        os.close(lock)


def run_crawl(project: Project, sources: list[str] | None = None, since: str | date | None = None, *,
              parallel: int | None = None, extra_settings: dict[str, str] | None = None,
              timeout: float | None = None) -> list[SourceRunResult]:
    """Crawl ``sources`` (default: every registered source) and return one result per source."""
    ids = list(sources) if sources else sorted(load_sources())
    since_iso = _check(ids, since)
    crawl_settings(project)  # a bad [crawl] value stops here, before any source is crawled
    project.ensure_dirs()
    workers = parallel or int((project.config.get("crawl", {}) or {}).get("parallel", 2))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run_source, project, sid, since_iso, extra_settings, timeout) for sid in ids]
        return [f.result() for f in futures]
