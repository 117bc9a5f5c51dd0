"""Scheduled crawling: per-source cron schedules, one cycle per source at a time.

A *cycle* for a source is crawl → load → tag → index, each step a subprocess
(``python -m pipeline <step>``). Crawls of different sources run in parallel; load, tag and
index are serialised behind the single warehouse-writer lock. The same cycle is what
``rdi schedule run`` (APScheduler), systemd timers and cron lines start, so the locks protect
every route against overlapping runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.config import Project
from pipeline.locks import FileLock, LockBusy

SOURCES_TOML = Path(__file__).resolve().parents[1] / "crawlers" / "sources.toml"
WRITER_LOCK = "warehouse-writer"
WRITE_STEPS = ("load", "tag", "index")


class ScheduleError(ValueError):
    """A schedule is unreadable (bad cron expression, unknown source)."""


@dataclass
class SourceSchedule:
    """When one source is crawled."""

    source: str
    cron: str


@dataclass
class StepResult:
    """One subprocess step of a cycle."""

    step: str
    status: str  # ok | failed | abandoned
    returncode: int | None
    attempts: int
    started_at: str
    ended_at: str
    stderr_tail: str = ""


@dataclass
class CycleResult:
    """One crawl → load → tag → index cycle for a source."""

    run_id: str
    source: str
    status: str  # ok | failed | skipped_busy | abandoned
    started_at: str
    ended_at: str
    steps: list[StepResult] = field(default_factory=list)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_cron(expr: str) -> Any:
    """Return an APScheduler ``CronTrigger`` for a 5-field cron (or 6 fields, seconds first)."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expr.split()
    try:
        if len(fields) == 5:
            return CronTrigger.from_crontab(expr, timezone="UTC")
        if len(fields) == 6:
            sec, minute, hour, day, month, dow = fields
            return CronTrigger(
                second=sec, minute=minute, hour=hour, day=day, month=month,
                day_of_week=_cron_dow(dow), timezone="UTC",
            )
    except ValueError as exc:
        raise ScheduleError(f"bad cron expression {expr!r}: {exc}") from exc
    raise ScheduleError(f"bad cron expression {expr!r}: need 5 fields (or 6 with seconds first)")


def _cron_dow(dow: str) -> str:
    """Translate cron day-of-week numbers (0/7 = Sunday) to APScheduler names."""
    names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if dow == "*" or not any(c.isdigit() for c in dow):
        return dow
    out = []
    for part in dow.split(","):
        out.append("-".join(names[int(x)] if x.isdigit() else x for x in part.split("-")))
    return ",".join(out)


def load_schedules(
    project: Project, overrides: dict[str, str] | None = None, sources: Iterable[str] | None = None
) -> list[SourceSchedule]:
    """Read schedules from ``crawlers/sources.toml``, overridden by ``rdi.toml`` ``[schedule]``
    and then by ``overrides``; restricted to ``sources`` when given."""
    registry = tomllib.loads(SOURCES_TOML.read_text("utf-8")).get("source", [])
    crons = {s["id"]: s.get("schedule", "") for s in registry}
    crons.update(project.config.get("schedule", {}))
    crons.update(overrides or {})
    wanted = list(sources) if sources else [s for s, c in crons.items() if c]
    out = []
    for src in wanted:
        if src not in crons:
            raise ScheduleError(f"unknown source {src!r} (see crawlers/sources.toml)")
        if not crons[src]:
            raise ScheduleError(f"source {src!r} has no schedule")
        parse_cron(crons[src])
        out.append(SourceSchedule(src, crons[src]))
    return out


class CycleRunner:
    """Run cycles in subprocesses; remembers live children so SIGTERM can abandon them."""

    def __init__(
        self,
        project: Project,
        *,
        retries: int = 2,
        backoff: float = 5.0,
        steps: tuple[str, ...] = ("crawl", *WRITE_STEPS),
        writer_wait: float = 3600.0,
    ) -> None:
        self.project = project
        self.retries = retries
        self.backoff = backoff
        self.steps = steps
        self.writer_wait = writer_wait
        self.stopping = threading.Event()
        self._children: set[subprocess.Popen[str]] = set()
        self._guard = threading.Lock()

    @property
    def lock_dir(self) -> Path:
        return self.project.state_dir / "locks"

    def _command(self, step: str, source: str) -> list[str]:
        cmd = [sys.executable, "-m", "pipeline", step, "--home", str(self.project.home)]
        if step == "crawl":
            cmd += ["--source", source]
        return cmd

    def _run_step(self, step: str, source: str, run_id: str) -> StepResult:
        started = _now()
        attempts = 0
        env = dict(os.environ, RDI_RUN_ID=run_id)
        if self.project.host_map:
            env["RDI_HOST_MAP"] = self.project.host_map_spec
        while True:
            attempts += 1
            proc = subprocess.Popen(
                self._command(step, source), env=env, text=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
            )
            with self._guard:
                self._children.add(proc)
            _, err = proc.communicate()
            with self._guard:
                self._children.discard(proc)
            if self.stopping.is_set():
                return StepResult(step, "abandoned", proc.returncode, attempts, started, _now(), err[-2000:])
            if proc.returncode == 0:
                return StepResult(step, "ok", 0, attempts, started, _now(), err[-2000:])
            if attempts > self.retries:
                return StepResult(step, "failed", proc.returncode, attempts, started, _now(), err[-2000:])
            if self.stopping.wait(self.backoff * 2 ** (attempts - 1)):
                return StepResult(step, "abandoned", proc.returncode, attempts, started, _now(), err[-2000:])

    def run_cycle(self, source: str) -> CycleResult:
        """Run one cycle for ``source`` unless another process is already running it."""
        run_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{source}-{uuid.uuid4().hex[:6]}"
        started = _now()
        try:
            source_lock = FileLock(self.lock_dir, f"cycle-{source}").acquire()
        except LockBusy:
            result = CycleResult(run_id, source, "skipped_busy", started, _now())
            self._log(result)
            return result
        steps: list[StepResult] = []
        status = "ok"
        try:
            for step in self.steps:
                if self.stopping.is_set():
                    status = "abandoned"
                    break
                if step in WRITE_STEPS:
                    writer = FileLock(self.lock_dir, WRITER_LOCK).acquire(wait=self.writer_wait)
                    try:
                        res = self._run_step(step, source, run_id)
                    finally:
                        writer.release()
                else:
                    res = self._run_step(step, source, run_id)
                steps.append(res)
                if res.status != "ok":
                    status = res.status
                    break
        finally:
            source_lock.release()
        result = CycleResult(run_id, source, status, started, _now(), steps)
        self._log(result)
        self._remember(result)
        return result

    def terminate_children(self, grace: float = 30.0) -> None:
        """Ask running steps to stop (SIGTERM), then kill what is left after ``grace`` s."""
        self.stopping.set()
        with self._guard:
            children = list(self._children)
        for proc in children:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in children:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def _log(self, result: CycleResult) -> None:
        self.project.logs_dir.mkdir(parents=True, exist_ok=True)
        with open(self.project.logs_dir / "scheduler.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")

    def _remember(self, result: CycleResult) -> None:
        """Record the last cycle start per source (used to coalesce runs missed while down)."""
        path = self.project.state_dir / "schedule.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._guard:
            data = json.loads(path.read_text()) if path.exists() else {}
            data[result.source] = {"last_started": result.started_at, "status": result.status}
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=1))
            tmp.replace(path)


def missed_sources(project: Project, schedules: list[SourceSchedule], now: datetime | None = None) -> list[str]:
    """Sources whose schedule fired at least once since their last cycle (downtime): run once."""
    path = project.state_dir / "schedule.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    now = now or datetime.now(timezone.utc)
    out = []
    for sch in schedules:
        last = data.get(sch.source, {}).get("last_started")
        if not last:
            continue
        nxt = parse_cron(sch.cron).get_next_fire_time(None, datetime.fromisoformat(last))
        if nxt is not None and nxt <= now:
            out.append(sch.source)
    return out


def run_scheduler(
    project: Project,
    schedules: list[SourceSchedule],
    runner: CycleRunner,
    *,
    stop_after: float | None = None,
    on_cycle: Callable[[CycleResult], None] | None = None,
) -> None:
    """Run the APScheduler loop until SIGTERM/SIGINT (or ``stop_after`` seconds)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    sched = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    sched.configure(executors={"default": {"type": "threadpool", "max_workers": max(2, len(schedules))}})

    def job(source: str) -> None:
        result = runner.run_cycle(source)
        if on_cycle:
            on_cycle(result)

    for sch in schedules:
        sched.add_job(job, parse_cron(sch.cron), args=[sch.source], id=sch.source,
                      misfire_grace_time=None)
    for source in missed_sources(project, schedules):
        sched.add_job(job, args=[source], id=f"catchup-{source}")

    def _stop(signum: int, _frame: Any) -> None:
        runner.stopping.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
    sched.start()
    try:
        deadline = None if stop_after is None else time.monotonic() + stop_after
        while not runner.stopping.wait(0.2):
            if deadline is not None and time.monotonic() >= deadline:
                break
    finally:
        sched.pause()
        runner.terminate_children()
        sched.shutdown(wait=True)
        for s, h in previous.items():
            signal.signal(s, h)
