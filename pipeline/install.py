"""Write the schedules as systemd service + timer units or crontab lines.

Both run ``rdi schedule once --source ID``: the same locked cycle as ``rdi schedule run``,
plus a health check (``rdi status --notify``) every 30 minutes that sends the alerts, so a
source that stopped running at all is still noticed.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Project
from pipeline.schedule import DEFAULT_HEALTH_CHECK, ScheduleError, SourceSchedule

_DOW = {"0": "Sun", "1": "Mon", "2": "Tue", "3": "Wed", "4": "Thu", "5": "Fri", "6": "Sat", "7": "Sun"}


@dataclass
class UnitFile:
    """One file to write (systemd unit or crontab)."""

    name: str
    content: str


def rdi_executable() -> str:
    """Absolute path of the ``rdi`` console script of this installation."""
    found = shutil.which("rdi", path=str(Path(sys.executable).parent))
    return found or f"{sys.executable} -m pipeline"


def _field(value: str, width: int = 2) -> str:
    """Translate one numeric cron field (``*``, ``*/n``, ``a-b``, ``a,b``) to systemd syntax."""
    if value == "*":
        return "*"
    parts = []
    for part in value.split(","):
        base, _, step = part.partition("/")
        if base == "*":
            base = "0" if step else "*"
        if "-" in base:
            lo, hi = base.split("-")
            base = f"{int(lo):0{width}d}..{int(hi):0{width}d}"
        elif base != "*":
            base = f"{int(base):0{width}d}"
        parts.append(f"{base}/{step}" if step else base)
    return ",".join(parts)


def cron_to_oncalendar(expr: str) -> str:
    """Convert a 5-field cron expression (UTC) to a systemd ``OnCalendar=`` value."""
    fields = expr.split()
    if len(fields) != 5:
        raise ScheduleError(f"systemd timers need 5-field cron expressions, got {expr!r}")
    minute, hour, dom, month, dow = fields
    if dom != "*" and dow != "*":
        # cron ORs day-of-month and day-of-week; systemd ANDs them: refuse rather than mistranslate.
        raise ScheduleError(f"cron {expr!r} restricts both day-of-month and day-of-week; use one")
    try:
        days = ""
        if dow != "*":
            names = []
            for part in dow.split(","):
                if "-" in part:
                    lo, hi = part.split("-")
                    names.append(f"{_DOW[lo]}..{_DOW[hi]}")
                else:
                    names.append(_DOW[part])
            days = ",".join(names) + " "
        return f"{days}*-{_field(month)}-{_field(dom)} {_field(hour)}:{_field(minute)}:00 UTC"
    except (KeyError, ValueError) as exc:
        raise ScheduleError(f"cannot convert cron {expr!r} to systemd: {exc}") from exc


def _service(description: str, exec_start: str, home: Path) -> str:
    return (
        "[Unit]\n"
        f"Description={description}\n"
        "After=network-online.target\nWants=network-online.target\n\n"
        "[Service]\nType=oneshot\n"
        f"WorkingDirectory={home}\n"
        f"ExecStart={exec_start}\n"
        # SIGTERM first: the cycle stops its steps cleanly (see pipeline.schedule)
        "KillSignal=SIGTERM\nKillMode=mixed\nTimeoutStopSec=120\nNice=10\n"
    )


def _timer(description: str, cron: str, *, persistent: bool = True) -> str:
    return (
        "[Unit]\n"
        f"Description={description}\n\n"
        "[Timer]\n"
        f"OnCalendar={cron_to_oncalendar(cron)}\n"
        f"Persistent={'true' if persistent else 'false'}\nRandomizedDelaySec=60\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )


def systemd_units(project: Project, schedules: list[SourceSchedule]) -> list[UnitFile]:
    """One oneshot service and one timer per source, and the health check's pair.

    ``Persistent=true`` makes systemd run a timer missed while the machine was off once at
    boot (missed runs coalesced); overlapping runs are refused by the cycle lock.
    """
    exe = rdi_executable()
    home = project.home.resolve()
    qhome = shlex.quote(str(home))
    out = []
    for sch in schedules:
        name = f"rdi-{sch.source.replace('_', '-')}"
        cmd = f"{exe} schedule once --source {sch.source} --home {qhome} --log-format json"
        out.append(UnitFile(f"{name}.service", _service(f"rdi crawl cycle for {sch.source}", cmd, home)))
        out.append(UnitFile(f"{name}.timer", _timer(f"rdi schedule for {sch.source} ({sch.cron})", sch.cron)))
    check = _service("rdi health check: alerts for stale or broken sources",
                     f"{exe} status --notify --home {qhome}", home)
    # exit 1 means "something needs attention": the alert is sent, the unit did its job
    check = check.replace("Nice=10\n", "Nice=10\nSuccessExitStatus=1\n")
    out.append(UnitFile("rdi-health-check.service", check))
    out.append(UnitFile("rdi-health-check.timer", _timer(f"rdi health check ({DEFAULT_HEALTH_CHECK})",
                                                         DEFAULT_HEALTH_CHECK, persistent=False)))
    return out


def crontab_lines(project: Project, schedules: list[SourceSchedule]) -> UnitFile:
    """A crontab (UTC) with one line per source and one for the health check."""
    exe = rdi_executable()
    home = shlex.quote(str(project.home.resolve()))
    log = shlex.quote(str((project.logs_dir / "cron.log").resolve()))
    lines = ["# rdi schedules (times are UTC; set CRON_TZ=UTC where supported)", "CRON_TZ=UTC"]
    for sch in schedules:
        if len(sch.cron.split()) != 5:
            raise ScheduleError(f"cron needs 5-field expressions, got {sch.cron!r} for {sch.source}")
        lines.append(
            f"{sch.cron} {exe} schedule once --source {sch.source} --home {home} --log-format json >> {log} 2>&1"
        )
    lines.append(f"{DEFAULT_HEALTH_CHECK} {exe} status --notify --home {home} > /dev/null 2>> {log}")
    return UnitFile("rdi.crontab", "\n".join(lines) + "\n")
