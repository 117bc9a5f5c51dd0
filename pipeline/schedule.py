"""Scheduled crawling: per-source cron schedules, one cycle per source at a time.

A *cycle* for a source is crawl → load → tag → index, each step a subprocess
(``python -m pipeline <step>``). Crawls of different sources run in parallel; load, tag and
index are serialised behind the warehouse-writer lock. The same cycle is what
``rdi schedule run`` (APScheduler), systemd timers and cron lines start (``rdi schedule
once``), so the locks protect every route against overlapping runs:

* ``state/locks/cycle-<source>.lock``: one cycle per source; a live holder is respected (the
  new cycle is recorded as ``skipped``/``busy``), a dead holder's lock is taken over.
* ``state/locks/warehouse-writer.lock``: one writing step at a time.

Every step is recorded (journal → ``run_steps`` table, see :mod:`pipeline.history`). A failed
step is retried with exponential backoff; a crawl that still fails does not stop the cycle
(what it staged is loaded). Tag and index run only when a load brought something new (or a
previous tag/index did not finish, or a load attempt failed: it may have committed first). On
SIGTERM the running steps are sent SIGTERM: a crawl stops gracefully (Scrapy saves its queue), a
load/tag/index dies inside its transaction, which DuckDB rolls back, so the warehouse keeps its
last committed state.
"""

from __future__ import annotations

import json
import logging
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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crawlers.files import write_atomic
from pipeline.config import Project, number_problem
from pipeline.failures import exit_reason
from pipeline.history import append_steps, flush_steps
from pipeline.locks import FileLock, LockBusy
from pipeline.runlog import LOGGER, RunLog

SOURCES_TOML = Path(__file__).resolve().parents[1] / "crawlers" / "sources.toml"
WRITER_LOCK = "warehouse-writer"
STEPS = ("crawl", "load", "tag", "index")
WRITE_STEPS = ("load", "tag", "index")
DEFAULT_HEALTH_CHECK = "*/30 * * * *"


class ScheduleError(ValueError):
    """A schedule is unreadable (bad cron expression, unknown source, bad option)."""


@dataclass
class SourceSchedule:
    """When one source is crawled."""

    source: str
    cron: str


@dataclass
class ScheduleOptions:
    """``[schedule]`` options of ``rdi.toml`` (all optional)."""

    steps: tuple[str, ...] = STEPS
    since: str | None = None  # back-fill lower bound passed to every crawl
    retries: int = 2
    backoff: float = 30.0  # first retry delay (s), doubled each retry
    step_timeout: float = 4 * 3600.0  # a step still running after this is stopped
    writer_wait: float = 3600.0  # how long a cycle waits for the warehouse-writer lock
    health_check: str = DEFAULT_HEALTH_CHECK  # when the scheduler re-checks alerts


@dataclass
class StepResult:
    """One step of a cycle, as recorded in ``run_steps``."""

    run_id: str
    step: str
    source: str
    started_at: str
    ended_at: str
    status: str  # ok | failed | abandoned | skipped
    attempts: int = 0
    requests: int | None = None
    responses: int | None = None
    http_errors: int | None = None
    items_new: int | None = None
    items_updated: int | None = None
    items_unchanged: int | None = None
    items_seen: int | None = None
    errors: int | None = None
    text_ratio: float | None = None
    text_samples: int | None = None
    exit_reason: str | None = None
    warehouse_run_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


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
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_run_id(source: str) -> str:
    """A cycle id: UTC start time, source, random suffix (sortable, unique)."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{source}-{uuid.uuid4().hex[:6]}"


def parse_cron(expr: str) -> Any:
    """Return an APScheduler ``CronTrigger`` for a 5-field cron (or 6 fields, seconds first).

    Days of the week follow cron (0 or 7 = Sunday), not APScheduler's own numbering
    (0 = Monday), so the scheduler, systemd timers and cron lines run on the same days.
    """
    from apscheduler.triggers.cron import CronTrigger

    fields = expr.split()
    if len(fields) not in (5, 6):
        raise ScheduleError(f"bad cron expression {expr!r}: need 5 fields (or 6 with seconds first)")
    sec, minute, hour, day, month, dow = (["0"] if len(fields) == 5 else []) + fields
    try:
        return CronTrigger(second=sec, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=_cron_dow(dow), timezone="UTC")
    except ValueError as exc:
        raise ScheduleError(f"bad cron expression {expr!r}: {exc}") from exc


_DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _cron_dow(dow: str) -> str:
    """Translate a cron day-of-week field (0/7 = Sunday, names, ranges, steps) to day names."""
    if dow in ("*", "?"):
        return "*"

    def num(x: str) -> int:
        x = x.lower()
        if x[:3] in _DAY_NAMES:
            return _DAY_NAMES.index(x[:3])
        n = int(x)
        if not 0 <= n <= 7:
            raise ValueError(f"day of week {n} out of range 0-7")
        return n % 7

    days: set[int] = set()
    for part in dow.split(","):
        base, _, step = part.partition("/")
        if base == "*":
            lo, hi = 0, 6
        elif "-" in base:
            a, b = base.split("-", 1)
            lo, hi = num(a), (7 if b.strip() == "7" else num(b))
        else:
            lo = hi = num(base)
            if step:
                hi = 6
        days.update(d % 7 for d in range(lo, hi + 1, int(step) if step else 1))
    return ",".join(_DAY_NAMES[d] for d in sorted(days))


def cron_interval(expr: str, *, now: datetime | None = None, horizon_days: int = 8) -> float:
    """The longest gap in seconds between two fire times of ``expr`` over the next week or so
    (past that horizon when fewer than two fire times fall inside it: a monthly schedule's gap
    is its month, not the horizon)."""
    trig = parse_cron(expr)
    t = now or datetime.now(UTC)
    end = t.timestamp() + horizon_days * 86400
    prev = trig.get_next_fire_time(None, t)
    gap = 0.0
    for _ in range(5000):
        if prev is None:
            break
        nxt = trig.get_next_fire_time(prev, prev.replace(microsecond=0) + _one_second())
        if nxt is None or (nxt.timestamp() > end and gap):  # past the horizon, once one gap is known
            break
        gap = max(gap, (nxt - prev).total_seconds())
        prev = nxt
    return gap or float(horizon_days * 86400)


def _one_second() -> Any:
    from datetime import timedelta

    return timedelta(seconds=1)


def _registry() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in tomllib.loads(SOURCES_TOML.read_text("utf-8")).get("source", [])}


def schedule_options(project: Project) -> ScheduleOptions:
    """Read ``[schedule]`` options from ``rdi.toml`` (unknown keys are an error)."""
    cfg = dict(project.config.get("schedule", {}) or {})
    cfg.pop("cron", None)
    cfg.pop("sources", None)
    known = ScheduleOptions.__dataclass_fields__
    unknown = sorted(set(cfg) - set(known))
    if unknown:
        raise ScheduleError(f"unknown [schedule] option(s) in rdi.toml: {', '.join(unknown)}")
    # a wrong type used to pass rdi schedule check and then fail every cycle with a bare TypeError
    for key, integer, above in (("retries", True, False), ("backoff", False, False),
                                ("step_timeout", False, True), ("writer_wait", False, False)):
        if key in cfg and (problem := number_problem("schedule", key, cfg[key], integer=integer, above=above,
                                                     unit=" of seconds")):
            raise ScheduleError(problem)
    since = cfg.get("since")
    if since is not None:
        try:
            date.fromisoformat(str(since))
        except ValueError:
            raise ScheduleError(f"[schedule] since in rdi.toml must be a date, YYYY-MM-DD, not {since!r}") from None
    opts = ScheduleOptions(**cfg)
    opts.steps = tuple(opts.steps)
    bad = [s for s in opts.steps if s not in STEPS]
    if bad or not opts.steps:
        raise ScheduleError(f"[schedule] steps must be some of {', '.join(STEPS)}; got {list(opts.steps)}")
    parse_cron(opts.health_check)
    return opts


def unknown_sources(project: Project) -> dict[str, list[str]]:
    """Sources named in ``rdi.toml`` (``[schedule] sources``, ``[schedule.cron]``) that
    ``crawlers/sources.toml`` does not hold (retired in an update, or misspelt): name -> where."""
    registry = _registry()
    cfg = project.config.get("schedule", {}) or {}
    out: dict[str, list[str]] = {}
    for where, names in (("[schedule] sources", cfg.get("sources", []) or []),
                         ("[schedule.cron]", cfg.get("cron", {}) or {})):
        for name in names:
            if name not in registry:
                out.setdefault(str(name), []).append(where)
    return out


def unknown_source_problems(project: Project) -> list[str]:
    """One line per source of :func:`unknown_sources`, saying it is not crawled and what to do."""
    return [f"rdi.toml {' and '.join(where)} names {name!r}, which is not in crawlers/sources.toml "
            f"(retired or misspelt): it is not crawled; remove it from rdi.toml"
            for name, where in unknown_sources(project).items()]


def bad_schedules(project: Project) -> dict[str, str]:
    """Known sources whose ``rdi.toml`` ``[schedule.cron]`` line is not a cron expression:
    source -> one line naming the line, saying it is not crawled and what to do."""
    registry = _registry()
    out: dict[str, str] = {}
    for src, cron in ((project.config.get("schedule", {}) or {}).get("cron", {}) or {}).items():
        if src not in registry or cron == "":
            continue
        try:
            parse_cron(str(cron))
        except ScheduleError as exc:
            out[src] = (f"rdi.toml [schedule.cron] line {src} = {cron!r}: {exc}; {src} is not crawled "
                        f"on a schedule until the line is fixed")
    return out


def config_problems(project: Project) -> list[str]:
    """What ``rdi schedule run``/``once`` warn about and skip, and ``check``/``install`` refuse:
    retired or misspelt sources, and bad cron lines, in ``rdi.toml``."""
    return unknown_source_problems(project) + list(bad_schedules(project).values())


def known_sources(sources: Iterable[str]) -> list[str]:
    """``sources``, each checked against ``crawlers/sources.toml`` (ScheduleError naming one that is not)."""
    registry = _registry()
    for src in sources:
        if src not in registry:
            raise ScheduleError(f"unknown source {src!r} (see crawlers/sources.toml)")
    return list(sources)


def load_schedules(
    project: Project, overrides: dict[str, str] | None = None, sources: Iterable[str] | None = None,
    *, strict: bool = False,
) -> list[SourceSchedule]:
    """Schedules from ``crawlers/sources.toml``, overridden by ``rdi.toml`` ``[schedule.cron]``
    and then by ``overrides``; restricted to ``sources`` (argument, else ``[schedule] sources``).

    An unknown source in ``overrides`` or ``sources`` is an error, and so is a bad cron in
    ``overrides``. One named only in ``rdi.toml`` (a source retired by an update), and a source
    whose ``rdi.toml`` cron line is bad, are left out, so the other sources are still crawled (see
    :func:`config_problems` for the warnings; an error when no source is left), unless ``strict``
    (a configuration check).
    """
    registry = _registry()
    if strict and (problems := config_problems(project)):
        raise ScheduleError("; ".join(problems))
    bad = bad_schedules(project)
    crons = {sid: s.get("schedule", "") for sid, s in registry.items()}
    cfg = project.config.get("schedule", {}) or {}
    crons.update({src: cron for src, cron in (cfg.get("cron", {}) or {}).items() if src in registry})
    for src, cron in (overrides or {}).items():
        if src not in registry:
            raise ScheduleError(f"unknown source {src!r} (see crawlers/sources.toml)")
        crons[src] = cron
    if sources:
        wanted = list(sources)
    else:
        named = list(cfg.get("sources", []) or [])
        wanted = [s for s in named if s in registry]
        if named and not wanted:  # not every source instead: the operator chose a few
            raise ScheduleError(f"none of rdi.toml's [schedule] sources {named} is in crawlers/sources.toml")
    wanted = wanted or [s for s, c in crons.items() if c]
    skipped = [s for s in wanted if s in bad and s not in (overrides or {})]
    if skipped and len(skipped) == len(wanted):
        raise ScheduleError("; ".join(bad[s] for s in skipped))
    wanted = [s for s in wanted if s not in skipped]
    out = []
    for src in wanted:
        if src not in crons:
            raise ScheduleError(f"unknown source {src!r} (see crawlers/sources.toml)")
        if not crons[src]:
            raise ScheduleError(f"source {src!r} has no schedule")
        parse_cron(crons[src])
        out.append(SourceSchedule(src, crons[src]))
    return out


def revisit_warnings(schedules: list[SourceSchedule]) -> list[str]:
    """Sources whose shortest revisit age is shorter than the gaps of their schedule.

    Revisits of recent statements happen during a crawl, so a source crawled every 6 h
    cannot revisit a statement 1 h after first sight; the schedule should be denser.
    """
    from crawlers.sources import get_source

    out = []
    for sch in schedules:
        try:
            ages = get_source(sch.source).revisit_seconds
        except KeyError:
            continue
        gap = cron_interval(sch.cron)
        if ages and ages[0] < gap:
            out.append(f"{sch.source}: first revisit after {ages[0] / 3600:g} h, but the schedule "
                       f"{sch.cron!r} leaves gaps of up to {gap / 3600:g} h")
    return out


def _newest_health(project: Project, source: str, since: float) -> dict[str, Any]:
    folder = project.logs_dir / "health" / source
    files = [p for p in folder.glob("*.json") if p.stat().st_mtime >= since - 1] if folder.is_dir() else []
    if not files:
        return {}
    try:
        return json.loads(max(files, key=lambda p: p.stat().st_mtime).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _json_out(stdout: str) -> dict[str, Any]:
    start = stdout.find("{")
    try:
        return json.loads(stdout[start:]) if start >= 0 else {}
    except ValueError:
        return {}


class CycleRunner:
    """Run cycles in subprocesses; remembers live children so SIGTERM can stop them."""

    def __init__(self, project: Project, options: ScheduleOptions | None = None) -> None:
        self.project = project
        self.options = options or schedule_options(project)
        self.stopping = threading.Event()
        self._children: dict[int, subprocess.Popen[str]] = {}
        self._guard = threading.Lock()

    @property
    def lock_dir(self) -> Path:
        return self.project.state_dir / "locks"

    # -- subprocesses -------------------------------------------------------------------

    def _command(self, step: str, source: str) -> list[str]:
        cmd = [sys.executable, "-m", "pipeline", step, "--home", str(self.project.home)]
        if step == "crawl":
            cmd += ["--source", source]
            if self.options.since:
                cmd += ["--since", str(self.options.since)]
        else:
            cmd.append("--json")
        return cmd

    def _spawn(self, step: str, source: str, log: RunLog) -> tuple[int | None, str, str]:
        """Run one attempt; return (exit code, stdout, the failure's reason from stderr or "")."""
        env = dict(os.environ, RDI_RUN_ID=log.run_id)
        if self.project.host_map:
            env["RDI_HOST_MAP"] = self.project.host_map_spec
        path = log.step_log(step)
        with open(path, "a", encoding="utf-8") as err:
            err.write(f"--- {_now()} {' '.join(self._command(step, source))}\n")
            err.flush()
            proc = subprocess.Popen(
                self._command(step, source), env=env, text=True, stdout=subprocess.PIPE,
                stderr=err, start_new_session=True,
            )
            with self._guard:
                self._children[proc.pid] = proc
            log.event("step process started", step, pid=proc.pid)
            if self.stopping.is_set():  # stop() ran between the check and the spawn
                self._signal(proc, signal.SIGTERM)
            try:
                out, _ = proc.communicate(timeout=self.options.step_timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                self._signal(proc, signal.SIGTERM)
                try:
                    out, _ = proc.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    self._signal(proc, signal.SIGKILL)
                    out, _ = proc.communicate()
                timed_out = True
            finally:
                with self._guard:
                    self._children.pop(proc.pid, None)
        if step in WRITE_STEPS and proc.returncode != 0:
            self._clean_snapshot_tmp(proc.pid)
        try:  # this attempt's output: what follows the last "--- <time> <command>" header
            attempt = path.read_text("utf-8", errors="replace").rsplit("\n--- ", 1)[-1].split("\n", 1)[1:]
        except OSError:
            attempt = []
        tail = exit_reason(proc.returncode, attempt[0] if attempt else "") if proc.returncode else ""
        if timed_out:
            tail = f"timed out after {self.options.step_timeout:g} s"
        return proc.returncode, out or "", tail

    def _clean_snapshot_tmp(self, pid: int) -> None:
        """Remove the half-copied snapshot a killed writer may have left (never the snapshot)."""
        snap = self.project.snapshot_path
        for leftover in snap.parent.glob(f".{snap.name}.{pid}.tmp*"):
            leftover.unlink(missing_ok=True)

    @staticmethod
    def _signal(proc: subprocess.Popen[str], sig: int) -> None:
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, grace: float = 30.0) -> None:
        """SIGTERM: ask running steps to stop, SIGKILL whatever is left after ``grace`` s."""
        self.stopping.set()
        with self._guard:
            children = list(self._children.values())
        for proc in children:
            if proc.poll() is None:
                self._signal(proc, signal.SIGTERM)

        def reap() -> None:
            deadline = time.monotonic() + grace
            for proc in children:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    self._signal(proc, signal.SIGKILL)

        threading.Thread(target=reap, daemon=True, name="rdi-reaper").start()

    # -- steps --------------------------------------------------------------------------

    def _run_step(self, step: str, source: str, log: RunLog) -> StepResult:
        started, t0 = _now(), time.time()
        log.event("step started", step)
        attempts = 0
        while True:
            attempts += 1
            code, out, tail = self._spawn(step, source, log)
            if self.stopping.is_set():
                res = StepResult(log.run_id, step, source, started, _now(), "abandoned", attempts,
                                 exit_reason="stopped by SIGTERM")
                break
            if code == 0 or attempts > self.options.retries:
                res = StepResult(log.run_id, step, source, started, _now(), "ok" if code == 0 else "failed",
                                 attempts, exit_reason="finished" if code == 0 else (tail or exit_reason(code, "")))
                break
            delay = self.options.backoff * 2 ** (attempts - 1)
            log.event("step failed, retrying", step, attempt=attempts, retry_in_s=delay, reason=tail)
            if self.stopping.wait(delay):
                res = StepResult(log.run_id, step, source, started, _now(), "abandoned", attempts,
                                 exit_reason="stopped by SIGTERM")
                break
        self._fill_counts(res, out, t0)
        log.event("step ended", step, status=res.status, attempts=res.attempts, exit_reason=res.exit_reason,
                  items_new=res.items_new, items_updated=res.items_updated, items_unchanged=res.items_unchanged)
        return res

    def _fill_counts(self, res: StepResult, stdout: str, t0: float) -> None:
        if res.step == "crawl":
            h = _newest_health(self.project, res.source, t0)
            if not h:
                return
            res.requests, res.responses = h.get("requests"), h.get("responses")
            res.http_errors, res.errors = h.get("http_errors"), h.get("errors")
            res.items_new, res.items_updated = h.get("items_new"), h.get("items_updated")
            res.items_unchanged, res.items_seen = h.get("items_unchanged"), h.get("items_seen")
            res.text_ratio = h.get("text_ratio")
            res.text_samples = len(h.get("text_samples") or [])
            res.details = {k: h.get(k) for k in ("run_id", "finish_reason", "statuses", "problems",
                                                 "warnings", "discovered", "text_samples", "feed_text")}
            if res.status == "failed" and h.get("problems"):
                res.exit_reason = "; ".join(h["problems"])[:500]
            return
        data = _json_out(stdout)
        if not data:
            return
        res.details = {k: v for k, v in data.items() if k != "snapshot"}
        if res.step == "load":
            res.items_new, res.items_updated = data.get("new_statements"), data.get("new_versions")
            res.warehouse_run_id = data.get("run_id")
        elif res.step == "tag":
            res.items_new = data.get("units_tagged")
        elif res.step == "index":
            res.items_new = data.get("rows")

    def _skip(self, run_id: str, step: str, source: str, reason: str) -> StepResult:
        t = _now()
        return StepResult(run_id, step, source, t, t, "skipped", 0, exit_reason=reason)

    # -- the tag/index "dirty" flag: something was loaded that is not yet in the index ---

    @property
    def _dirty_path(self) -> Path:
        return self.project.state_dir / "index-pending"

    def _record(self, steps: list[StepResult], res: StepResult) -> StepResult:
        steps.append(res)
        append_steps(self.project, [asdict(res)])
        return res

    # -- cycles -------------------------------------------------------------------------

    def run_cycle(self, source: str) -> CycleResult:
        """Run one cycle for ``source`` unless another process is already running it."""
        run_id = new_run_id(source)
        log = RunLog(self.project.logs_dir, run_id, source)
        started = _now()
        steps: list[StepResult] = []
        try:
            try:
                source_lock = FileLock(self.lock_dir, f"cycle-{source}").acquire()
            except LockBusy as exc:
                self._record(steps, self._skip(run_id, "crawl", source, f"busy: {exc}"))
                log.event("cycle skipped: the previous cycle of this source is still running", holder=str(exc))
                return self._finish(CycleResult(run_id, source, "skipped_busy", started, _now(), steps), log)
            log.event("cycle started", pid=os.getpid())
            try:
                status = self._cycle_steps(source, log, steps)
            finally:
                source_lock.release()
            result = CycleResult(run_id, source, status, started, _now(), steps)
            self._remember(result)
            return self._finish(result, log)
        finally:
            log.close()

    def _cycle_steps(self, source: str, log: RunLog, steps: list[StepResult]) -> str:
        status = "ok"
        if "crawl" in self.options.steps:
            res = self._record(steps, self._run_step("crawl", source, log))
            if res.status == "abandoned":
                return "abandoned"
            if res.status == "failed":
                status = "failed"  # still load what it staged
        writes = [s for s in self.options.steps if s in WRITE_STEPS]
        if not writes or self.stopping.is_set():
            return "abandoned" if self.stopping.is_set() else status
        try:
            writer = FileLock(self.lock_dir, WRITER_LOCK).acquire(wait=self.options.writer_wait)
        except LockBusy as exc:
            self._record(steps, self._skip(log.run_id, writes[0], source, f"writer busy: {exc}"))
            return "failed"
        try:
            for step in writes:
                if self.stopping.is_set():
                    return "abandoned"
                if step != "load" and not self._dirty_path.exists():
                    self._record(steps, self._skip(log.run_id, step, source, "nothing new to tag or index"))
                    continue
                res = self._record(steps, self._run_step(step, source, log))
                # a load attempt that failed may have committed before failing (publishing the
                # snapshot: disk full, a kill), so its retry finds nothing new: tag anyway
                # a load that upgraded the warehouse past the latest release's evidence
                # (migration 0008) needs an index too, new statements or not
                if step == "load" and (res.status != "ok" or res.attempts > 1 or res.items_new
                                       or res.items_updated or res.items_new is None
                                       or (res.details or {}).get("index_outdated")):
                    self._dirty_path.touch()
                if res.status != "ok":
                    return res.status
                if step == "index":
                    self._dirty_path.unlink(missing_ok=True)
            return status
        finally:
            if not self.stopping.is_set():
                try:
                    flush_steps(self.project)
                except Exception as exc:  # noqa: BLE001 - history waits in the journal
                    log.event("run history not flushed (kept in the journal)", level=30, error=str(exc))
            writer.release()

    def _finish(self, result: CycleResult, log: RunLog) -> CycleResult:
        log.event("cycle ended", status=result.status,
                  steps={s.step: s.status for s in result.steps})
        if not self.stopping.is_set() and result.status != "skipped_busy":
            self.check_alerts(log)
        return result

    def check_alerts(self, log: RunLog | None = None) -> list[dict[str, Any]]:
        """Evaluate source and index health and send alert changes (never raises)."""
        from pipeline.alerts import check_alerts

        try:
            events = check_alerts(self.project)
        except Exception as exc:  # noqa: BLE001 - an alert problem must not stop crawling
            if log:
                log.event("alert check failed", level=30, error=str(exc))
            return []
        for ev in events:
            if log:
                log.event(f"alert {ev['event']}", alert=ev["key"], alert_message=ev["message"])
        return events

    def housekeeping(self, *, writer_wait: float = 0.0) -> None:
        """Flush run history left in the journal (if the writer is free) and check alerts."""
        logger = logging.getLogger(LOGGER)
        try:
            writer = FileLock(self.lock_dir, WRITER_LOCK).acquire(wait=writer_wait)
        except LockBusy:
            writer = None  # a cycle is writing; it flushes the journal itself
        if writer is not None:
            try:
                flush_steps(self.project)
            except Exception as exc:  # noqa: BLE001 - kept in the journal for the next flush
                logger.warning("run history not flushed (kept in the journal)", extra={"error": str(exc)})
            finally:
                writer.release()
        for ev in self.check_alerts():
            logger.info(f"alert {ev['event']}", extra={"alert": ev["key"], "alert_message": ev["message"]})

    def _remember(self, result: CycleResult) -> None:
        """Record the last cycle start per source (used to coalesce runs missed while down)."""
        path = self.project.state_dir / "schedule.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.lock_dir, "schedule-state").acquire(wait=30)
        try:
            data = json.loads(path.read_text()) if path.exists() else {}
            data[result.source] = {"last_started": result.started_at, "status": result.status}
            write_atomic(path, json.dumps(data, indent=1))
        finally:
            lock.release()


def missed_sources(project: Project, schedules: list[SourceSchedule], now: datetime | None = None) -> list[str]:
    """Sources whose schedule fired at least once since their last cycle (downtime): run once."""
    path = project.state_dir / "schedule.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    now = now or datetime.now(UTC)
    out = []
    for sch in schedules:
        last = data.get(sch.source, {}).get("last_started")
        if not last:
            continue
        nxt = parse_cron(sch.cron).get_next_fire_time(None, datetime.fromisoformat(last) + _one_second())
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
    """Run the APScheduler loop until SIGTERM/SIGINT, or until ``stop_after`` seconds have
    passed (then running cycles finish and no new ones start)."""
    from apscheduler.events import EVENT_JOB_MAX_INSTANCES
    from apscheduler.schedulers.background import BackgroundScheduler

    logger = logging.getLogger(LOGGER)
    sched = BackgroundScheduler(timezone="UTC")
    sched.configure(
        executors={"default": {"type": "threadpool", "max_workers": len(schedules) + 1}},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )

    def job(source: str) -> None:
        result = runner.run_cycle(source)
        if on_cycle:
            on_cycle(result)

    def busy(event: Any) -> None:
        """APScheduler skipped a fire because this source's cycle is still running: record it."""
        source = str(event.job_id).removeprefix("catchup-")
        if source == "health-check":
            return
        run_id = new_run_id(source)
        t = _now()
        append_steps(project, [asdict(StepResult(run_id, "crawl", source, t, t, "skipped", 0,
                                                 exit_reason="busy: previous cycle still running"))])
        logger.info("cycle skipped: the previous cycle of this source is still running",
                    extra={"run_id": run_id, "source": source, "step": "crawl"})

    sched.add_listener(busy, EVENT_JOB_MAX_INSTANCES)
    for sch in schedules:
        sched.add_job(job, parse_cron(sch.cron), args=[sch.source], id=sch.source, name=sch.source)
    for source in missed_sources(project, schedules):
        logger.info("catching up a run missed while the scheduler was down", extra={"source": source})
        sched.add_job(job, args=[source], id=f"catchup-{source}")
    sched.add_job(runner.housekeeping, parse_cron(runner.options.health_check), id="health-check")

    def _stop(signum: int, _frame: Any) -> None:
        logger.info("stopping", extra={"signal": signal.Signals(signum).name})
        runner.stop()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
    for warning in revisit_warnings(schedules):
        logger.warning("revisits will be late", extra={"detail": warning})
    for problem in unknown_source_problems(project):
        logger.warning("unknown source in rdi.toml, not scheduled", extra={"detail": problem})
    for problem in bad_schedules(project).values():
        logger.warning("bad cron line in rdi.toml, not scheduled", extra={"detail": problem})
    sched.start()
    logger.info("scheduler started", extra={"sources": [s.source for s in schedules], "pid": os.getpid()})
    try:
        deadline = None if stop_after is None else time.monotonic() + stop_after
        while not runner.stopping.wait(0.2):
            if deadline is not None and time.monotonic() >= deadline:
                break
    finally:
        sched.pause()
        if runner.stopping.is_set():
            runner.stop()  # SIGTERM: running steps are stopped or abandoned
        # else (``stop_after`` elapsed): running cycles finish, no new ones start
        sched.shutdown(wait=True)
        if not runner.stopping.is_set():
            runner.housekeeping(writer_wait=60)
        for s, h in previous.items():
            signal.signal(s, h)
        logger.info("scheduler stopped")
