"""Schedules and options from sources.toml and rdi.toml; catch-up after downtime; cadences."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import load_project
from pipeline.schedule import (
    ScheduleError,
    SourceSchedule,
    config_problems,
    cron_interval,
    load_schedules,
    missed_sources,
    schedule_options,
    unknown_source_problems,
)
from tests.pipeline.schedule_support import json_lines

RDI = str(Path(sys.executable).with_name("rdi"))


def _home(tmp_path: Path, toml: str) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "rdi.toml").write_text(toml)
    return home


def test_registry_schedules_and_overrides(tmp_path: Path) -> None:
    project = load_project(_home(tmp_path, '[schedule.cron]\nus_state_briefings = "*/10 * * * *"\n'))
    every = {s.source: s.cron for s in load_schedules(project)}
    assert every["jp_kantei_statements_ja"] == "15 */6 * * *"  # from crawlers/sources.toml
    assert every["us_state_briefings"] == "*/10 * * * *"
    only = load_schedules(project, {"jp_kantei_statements_ja": "*/3 * * * * *"}, ["jp_kantei_statements_ja"])
    assert only == [SourceSchedule("jp_kantei_statements_ja", "*/3 * * * * *")]


@pytest.mark.parametrize(("toml", "message"), [
    ("[schedule]\nretry = 3\n", "unknown [schedule] option(s) in rdi.toml: retry"),
    ('[schedule]\nsteps = ["crawl", "publish"]\n', "steps must be some of crawl, load, tag, index"),
    ('[schedule]\nhealth_check = "every hour"\n', "bad cron expression 'every hour'"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=re.escape(message)):
        schedule_options(load_project(_home(tmp_path, toml)))


def test_cli_refuses_unknown_source(tmp_path: Path) -> None:
    res = subprocess.run([RDI, "schedule", "once", "--source", "nope", "--home", str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 1
    assert res.stderr.strip() == "error: unknown source 'nope' (see crawlers/sources.toml)"


def test_runs_missed_while_down_are_caught_up_once(tmp_path: Path) -> None:
    project = load_project(_home(tmp_path, ""))
    sch = [SourceSchedule("a_src", "0 */6 * * *"), SourceSchedule("b_src", "0 0 * * *")]
    (project.state_dir).mkdir(parents=True)
    (project.state_dir / "schedule.json").write_text(json.dumps({
        "a_src": {"last_started": "2026-12-01T00:00:00+00:00"},   # 06:00, 12:00, 18:00 missed
        "b_src": {"last_started": "2026-12-01T00:00:00+00:00"},   # next run 2026-12-02 00:00
    }))
    assert missed_sources(project, sch, datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) == ["a_src"]
    assert missed_sources(project, sch, datetime(2026, 12, 1, 5, 0, tzinfo=UTC)) == []


def test_cadence_is_the_longest_gap() -> None:
    monday = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    assert cron_interval("15 */6 * * *", now=monday) == 6 * 3600
    # weekdays at 03:30, 08:30, 12:30: the longest gap spans the weekend
    assert cron_interval("30 3,8,12 * * 1-5", now=monday) == (2 * 24 + 15) * 3600
    # gaps longer than the 8-day horizon: once read as 8 days, so status called monthly sources stale
    assert cron_interval("0 6 * * 1", now=monday) == 7 * 24 * 3600
    assert cron_interval("0 0 1 * *", now=monday) == 31 * 24 * 3600  # 2027-01-01 to 2027-02-01
    assert cron_interval("0 0 1 1 *", now=monday) == 365 * 24 * 3600


@pytest.mark.parametrize("cron", ["30 3,8,12 * * 1-5", "0 6 * * 0", "0 6 * * 7", "15 */6 * * *", "0 9 * * */2",
                                  "0 0 1 * *", "5 4 * * sun,wed"])
def test_scheduler_fires_when_cron_does(cron: str) -> None:
    """The scheduler's triggers follow cron's day numbering (0 = Sunday), as the cron lines do."""
    from croniter import croniter

    from pipeline.schedule import parse_cron

    trig, it = parse_cron(cron), croniter(cron, datetime(2026, 12, 2, 7, 0, tzinfo=UTC))
    t = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    for _ in range(12):
        t = trig.get_next_fire_time(None, t)
        assert t == it.get_next(datetime)
        t = t.replace(second=1)


def test_schedule_too_sparse_for_the_revisits_is_reported() -> None:
    from pipeline.schedule import revisit_warnings

    # jp_kantei_ccs_ja revisits 3 h, 6 h, 24 h, 3 d after first sight (crawlers/sources.toml)
    assert revisit_warnings([SourceSchedule("jp_kantei_ccs_ja", "0 * * * *")]) == []
    (warning,) = revisit_warnings([SourceSchedule("jp_kantei_ccs_ja", "0 */6 * * *")])
    assert warning.startswith("jp_kantei_ccs_ja: first revisit after 3 h") and "6 h" in warning


def test_a_fresh_install_passes_schedule_check_without_warnings(tmp_path: Path) -> None:
    """The shipped crawlers/sources.toml with no rdi.toml: every source's crawls are at most its
    first revisit age apart, so ``rdi schedule check`` (and the scheduler's start) warns of nothing."""
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.pop("RDI_HOME", None)
    res = subprocess.run([RDI, "schedule", "check", "--home", str(home)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    # it warned 'jp_kantei_ccs_ja: first revisit after 3 h, but the schedule '30 3,8,12 * * 1-5'
    # leaves gaps of up to 63 h' on every install
    assert (res.returncode, res.stderr) == (0, ""), res.stderr
    assert re.fullmatch(r"ok: \d+ source\(s\) scheduled\n", res.stdout), res.stdout


RETIRED = "jp_retired_statements_ja"  # a source an update removed from crawlers/sources.toml
KEPT = "jp_kantei_statements_ja"


def _stale_home(tmp_path: Path, sources: list[str], **schedule: object) -> Path:
    lines = ["[schedule]", f"sources = {json.dumps(sources)}"] + [f"{k} = {json.dumps(v)}" for k, v in schedule.items()]
    lines += ["", "[schedule.cron]", f'{KEPT} = "0 0 1 1 *"', f'{RETIRED} = "0 * * * *"']
    return _home(tmp_path, "\n".join(lines) + "\n")


def test_a_retired_source_named_in_rdi_toml_is_left_out_with_a_warning(tmp_path: Path) -> None:
    project = load_project(_stale_home(tmp_path, [KEPT, RETIRED]))
    assert load_schedules(project) == [SourceSchedule(KEPT, "0 0 1 1 *")]
    (problem,) = unknown_source_problems(project)
    assert problem == (f"rdi.toml [schedule] sources and [schedule.cron] names '{RETIRED}', which is not in "
                       "crawlers/sources.toml (retired or misspelt): it is not crawled; remove it from rdi.toml")
    with pytest.raises(ScheduleError, match=re.escape(problem)):
        load_schedules(project, strict=True)  # a configuration check still fails
    with pytest.raises(ScheduleError, match=re.escape(f"unknown source '{RETIRED}'")):
        load_schedules(project, None, [RETIRED])  # named on the command line: an error


def test_only_retired_sources_listed_is_an_error_not_every_source(tmp_path: Path) -> None:
    project = load_project(_stale_home(tmp_path, [RETIRED]))
    with pytest.raises(ScheduleError, match=re.escape(f"none of rdi.toml's [schedule] sources ['{RETIRED}']")):
        load_schedules(project)


def test_scheduler_starts_despite_a_retired_source_and_check_flags_it(tmp_path: Path) -> None:
    """rdi schedule once/run crawl the known sources, log the stale name and open an alert;
    rdi schedule check and install refuse it. The retired source's leftover state is ignored."""
    home = _stale_home(tmp_path, [KEPT, RETIRED], steps=["tag"], health_check="0 0 1 1 *")
    (home / "state").mkdir()
    (home / "state" / f"{RETIRED}.sqlite").write_bytes(b"left over by the retired source\0")
    env = {k: v for k, v in os.environ.items() if k != "RDI_HOME"}

    def rdi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([RDI, *args, "--home", str(home)], env=env, capture_output=True, text=True,
                              timeout=180, check=False)

    once = rdi("schedule", "once", "--source", KEPT, "--log-format", "json")
    assert once.returncode == 0, once.stderr
    warned = [e for e in json_lines(once.stderr) if e["event"] == "unknown source in rdi.toml"]
    assert len(warned) == 1 and f"names '{RETIRED}'" in warned[0]["detail"]
    alerts = [json.loads(line) for line in (home / "logs" / "alerts.jsonl").read_text().splitlines()]
    assert [(a["event"], a["key"]) for a in alerts] == [("open", f"config:{RETIRED}:unknown_source")]

    run = rdi("schedule", "run", "--log-format", "json", "--stop-after", "0")  # start, warn, stop
    assert run.returncode == 0, run.stderr
    events = json_lines(run.stderr)
    assert [e["sources"] for e in events if e["event"] == "scheduler started"] == [[KEPT]]
    assert any(e["event"] == "unknown source in rdi.toml, not scheduled" and RETIRED in e["detail"] for e in events)

    status = rdi("status")
    assert status.returncode == 1 and f"[unknown_source] {RETIRED}: rdi.toml" in " ".join(status.stdout.split())
    for args in (("schedule", "check"), ("schedule", "install", "--cron", "--dry-run")):
        res = rdi(*args)
        assert res.returncode == 1 and res.stderr.startswith(f"error: rdi.toml [schedule] sources and "
                                                             f"[schedule.cron] names '{RETIRED}'"), (args, res.stderr)


BAD = "us_state_briefings"  # a known source whose rdi.toml cron line has a typo


def _bad_cron_home(tmp_path: Path, **schedule: object) -> Path:
    lines = ["[schedule]"] + [f"{k} = {json.dumps(v)}" for k, v in schedule.items()]
    lines += ["", "[schedule.cron]", f'{KEPT} = "0 0 1 1 *"', f'{BAD} = "*/10 * * *"']
    return _home(tmp_path, "\n".join(lines) + "\n")


def test_a_bad_cron_line_leaves_its_source_out_with_a_warning(tmp_path: Path) -> None:
    project = load_project(_bad_cron_home(tmp_path, sources=[KEPT, BAD]))
    assert load_schedules(project) == [SourceSchedule(KEPT, "0 0 1 1 *")]
    (problem,) = config_problems(project)
    assert problem == (f"rdi.toml [schedule.cron] line {BAD} = '*/10 * * *': bad cron expression '*/10 * * *': "
                       f"need 5 fields (or 6 with seconds first); {BAD} is not crawled on a schedule until the "
                       "line is fixed")
    with pytest.raises(ScheduleError, match=re.escape(problem)):
        load_schedules(project, strict=True)  # a configuration check still fails
    with pytest.raises(ScheduleError, match=re.escape(problem)):
        load_schedules(project, None, [BAD])  # nothing left to schedule: an error, naming the line
    assert load_schedules(project, {BAD: "0 * * * *"}, [BAD]) == [SourceSchedule(BAD, "0 * * * *")]  # --cron


def test_scheduler_runs_the_other_sources_despite_a_bad_cron_line_and_check_names_it(tmp_path: Path) -> None:
    """A typo in one source's cron line stopped rdi schedule run (and rdi status) for every source."""
    home = _bad_cron_home(tmp_path, sources=[KEPT, BAD], steps=["tag"], health_check="0 0 1 1 *")
    env = {k: v for k, v in os.environ.items() if k != "RDI_HOME"}

    def rdi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([RDI, *args, "--home", str(home)], env=env, capture_output=True, text=True,
                              timeout=180, check=False)

    once = rdi("schedule", "once", "--source", KEPT, "--source", BAD, "--log-format", "json")
    assert once.returncode == 0, once.stderr  # a cycle needs no cron: both run, the line is warned about
    assert [ln.split("\t")[:2] for ln in once.stdout.splitlines()] == [[KEPT, "ok"], [BAD, "ok"]]
    assert any(e["event"] == "bad cron line in rdi.toml" for e in json_lines(once.stderr))
    alerts = [json.loads(line) for line in (home / "logs" / "alerts.jsonl").read_text().splitlines()]
    assert [(a["event"], a["key"]) for a in alerts] == [("open", f"config:{BAD}:bad_schedule")]

    run = rdi("schedule", "run", "--log-format", "json", "--stop-after", "0")  # start, warn, stop
    assert run.returncode == 0, run.stderr
    events = json_lines(run.stderr)
    assert [e["sources"] for e in events if e["event"] == "scheduler started"] == [[KEPT]]
    assert any(e["event"] == "bad cron line in rdi.toml, not scheduled" and f"line {BAD} = " in e["detail"]
               for e in events)

    status = rdi("status")
    assert status.returncode == 1 and f"[bad_schedule] {BAD}: rdi.toml [schedule.cron] line" in " ".join(
        status.stdout.split()), status.stdout + status.stderr
    for args in (("schedule", "check"), ("schedule", "install", "--cron", "--dry-run")):
        res = rdi(*args)
        assert res.returncode == 1 and res.stderr.startswith(f"error: rdi.toml [schedule.cron] line {BAD} = "
                                                             "'*/10 * * *': bad cron expression"), (args, res.stderr)
