"""systemd units and crontab lines written from the schedules."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.install import cron_to_oncalendar
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
    res = subprocess.run(["systemd-analyze", "calendar", cron_to_oncalendar(cron)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


def _dry_run(tmp_path: Path, *args: str) -> str:
    from typer.testing import CliRunner

    from pipeline.cli import app

    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "rdi.toml").write_text("[schedule.cron]\n" + "".join(f'{s.source} = "{s.cron}"\n' for s in SCHEDULES))
    res = CliRunner().invoke(app, ["schedule", "install", *args, "--dry-run", "--home", str(tmp_path / "home"),
                                   "--source", SCHEDULES[0].source, "--source", SCHEDULES[1].source])
    assert res.exit_code == 0, res.output
    return res.output


def _split_units(text: str) -> dict[str, str]:
    parts = re.split(r"^# --- (\S+)\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_systemd_dry_run_units_are_valid(tmp_path: Path) -> None:
    units = _split_units(_dry_run(tmp_path, "--systemd"))
    assert sorted(units) == [
        "rdi-health-check.service", "rdi-health-check.timer",
        "rdi-jp-kantei-statements-ja.service", "rdi-jp-kantei-statements-ja.timer",
        "rdi-us-state-briefings.service", "rdi-us-state-briefings.timer",
    ]
    for name, body in units.items():
        (tmp_path / name).write_text(body)
    if shutil.which("systemd-analyze"):
        res = subprocess.run(["systemd-analyze", "verify", *sorted(str(tmp_path / n) for n in units)],
                             capture_output=True, text=True, check=False)
        assert res.returncode == 0, res.stderr
        assert not [ln for ln in res.stderr.splitlines() if "rdi-" in ln], res.stderr
    for name, body in units.items():  # and parsed, whether or not systemd is here
        ini = configparser.ConfigParser(strict=True, interpolation=None)
        ini.optionxform = str  # type: ignore[assignment,method-assign]
        ini.read_string(body)
        if name.endswith(".service"):
            exec_start = shlex.split(ini["Service"]["ExecStart"])
            assert Path(exec_start[0]).is_absolute() and ini["Service"]["Type"] == "oneshot"
            assert str((tmp_path / "home").resolve()) in exec_start
        else:
            assert ini["Install"]["WantedBy"] == "timers.target"
    timer = configparser.ConfigParser(interpolation=None)
    timer.read_string(units["rdi-us-state-briefings.timer"])
    assert timer["Timer"]["OnCalendar"] == "Mon..Fri *-*-* 06:30:00 UTC"
    service = units["rdi-us-state-briefings.service"]
    assert "schedule once --source us_state_briefings" in service


def test_cron_dry_run_parses_with_croniter(tmp_path: Path) -> None:
    from croniter import croniter

    lines = _dry_run(tmp_path, "--cron").splitlines()
    jobs = [ln for ln in lines if ln and not ln.startswith("#") and "=" not in ln.split()[0]]
    assert len(jobs) == 3  # two sources and the health check
    for line in jobs:
        expr = " ".join(line.split()[:5])
        assert croniter.is_valid(expr), line
        cmd = shlex.split(" ".join(line.split()[5:]))
        assert Path(cmd[0]).is_absolute()
    for line, sch in zip(jobs, SCHEDULES, strict=False):
        assert " ".join(line.split()[:5]) == sch.cron
        assert f"schedule once --source {sch.source}" in line
    start = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # a Monday
    assert croniter(" ".join(jobs[1].split()[:5]), start).get_next(datetime) \
        == datetime(2026, 12, 7, 6, 30, tzinfo=UTC)
    assert "status --notify" in jobs[2] and croniter.is_valid(" ".join(jobs[2].split()[:5]))


def test_install_needs_exactly_one_target(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    res = CliRunner().invoke(app, ["schedule", "install", "--dry-run", "--home", str(tmp_path)])
    assert res.exit_code != 0 and "exactly one of --systemd or --cron" in res.output


def test_six_field_cron_has_seconds() -> None:
    trig = parse_cron("*/2 * * * * *")
    from datetime import datetime

    t0 = datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)
    assert trig.get_next_fire_time(None, t0).second == 2


def test_bad_cron_is_a_clear_error() -> None:
    with pytest.raises(ScheduleError, match="bad cron"):
        parse_cron("61 * * * *")
