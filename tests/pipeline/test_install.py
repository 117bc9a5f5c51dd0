"""systemd units and crontab lines written from the schedules."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.config import Project
from pipeline.install import cron_to_oncalendar, crontab_lines, systemd_units
from pipeline.schedule import ScheduleError, SourceSchedule, parse_cron

SCHEDULES = [SourceSchedule("jp_kantei_statements_ja", "7 * * * *"), SourceSchedule("us_state_briefings", "30 6 * * 1-5")]


@pytest.mark.parametrize(
    ("cron", "expected"),
    [
        ("0 * * * *", "*-*-* *:00:00 UTC"),
        ("*/15 * * * *", "*-*-* *:00/15:00 UTC"),
        ("30 6 * * 1-5", "Mon..Fri *-*-* 06:30:00 UTC"),
        ("0 3 1 * *", "*-*-01 03:00:00 UTC"),
        ("5,35 */2 * * 0", "Sun *-*-* 00/2:05,35:00 UTC"),
    ],
)
def test_cron_to_oncalendar(cron: str, expected: str) -> None:
    assert cron_to_oncalendar(cron) == expected


def test_dom_and_dow_together_is_refused() -> None:
    with pytest.raises(ScheduleError, match="both"):
        cron_to_oncalendar("0 0 1 * 1")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
@pytest.mark.parametrize("cron", ["0 * * * *", "*/15 * * * *", "30 6 * * 1-5", "5,35 */2 * * 0", "0 3 1 * *"])
def test_oncalendar_accepted_by_systemd(cron: str) -> None:
    res = subprocess.run(["systemd-analyze", "calendar", cron_to_oncalendar(cron)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_units_verify(tmp_path: Path) -> None:
    units = systemd_units(Project(home=tmp_path), SCHEDULES)
    assert sorted(u.name for u in units) == [
        "rdi-jp-kantei-statements-ja.service", "rdi-jp-kantei-statements-ja.timer",
        "rdi-us-state-briefings.service", "rdi-us-state-briefings.timer",
    ]
    for u in units:
        (tmp_path / u.name).write_text(u.content)
    res = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / u.name) for u in units]],
                         capture_output=True, text=True)
    # verify exits 0 when the units parse; it may still print notes about the host's own units.
    assert res.returncode == 0, res.stderr
    assert "rdi-" not in res.stderr or "Unknown" not in res.stderr


def test_crontab_lines_parse_with_croniter(tmp_path: Path) -> None:
    from croniter import croniter

    tab = crontab_lines(Project(home=tmp_path), SCHEDULES).content.splitlines()
    jobs = [line for line in tab if line and not line.startswith("#") and "=" not in line.split()[0]]
    assert len(jobs) == 2
    for line, sch in zip(jobs, SCHEDULES, strict=True):
        expr = " ".join(line.split()[:5])
        assert expr == sch.cron and croniter.is_valid(expr)
        assert f"schedule once --source {sch.source}" in line


def test_six_field_cron_has_seconds() -> None:
    trig = parse_cron("*/2 * * * * *")
    from datetime import datetime, timezone

    t0 = datetime(2026, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
    assert trig.get_next_fire_time(None, t0).second == 2


def test_bad_cron_is_a_clear_error() -> None:
    with pytest.raises(ScheduleError, match="bad cron"):
        parse_cron("61 * * * *")
