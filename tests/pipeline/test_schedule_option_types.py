"""``[schedule]`` options of the wrong type are refused by ``rdi schedule check`` (and run/once).

``step_timeout = "4h"`` or ``retries = "two"`` used to pass ``rdi schedule check`` ("ok") and then
stop ``rdi schedule once`` (and every cycle of ``rdi schedule run``) with a bare TypeError
("unsupported operand type(s) for +: 'float' and 'str'") naming neither the option nor rdi.toml.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import load_project
from pipeline.schedule import ScheduleError, schedule_options

REPO = Path(__file__).resolve().parents[2]


def _home(tmp_path: Path, body: str) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "rdi.toml").write_text(f"[schedule]\n{body}\n", "utf-8")
    return home


@pytest.mark.parametrize(("body", "message"), [
    ('step_timeout = "4h"', "[schedule] step_timeout in rdi.toml must be a number of seconds > 0, not '4h'"),
    ("step_timeout = 0", "[schedule] step_timeout in rdi.toml must be a number of seconds > 0, not 0"),
    ('retries = "two"', "[schedule] retries in rdi.toml must be an integer >= 0, not 'two'"),
    ("retries = 1.5", "[schedule] retries in rdi.toml must be an integer >= 0, not 1.5"),
    ("backoff = -1", "[schedule] backoff in rdi.toml must be a number of seconds >= 0, not -1"),
    ("writer_wait = true", "[schedule] writer_wait in rdi.toml must be a number of seconds >= 0, not True"),
    ('since = "Jan 2025"', "[schedule] since in rdi.toml must be a date, YYYY-MM-DD, not 'Jan 2025'"),
])
def test_a_wrong_type_is_named(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ScheduleError) as err:
        schedule_options(load_project(_home(tmp_path, body)))
    assert str(err.value) == message


def test_the_readme_options_pass(tmp_path: Path) -> None:
    opts = schedule_options(load_project(_home(
        tmp_path, 'retries = 2\nstep_timeout = 14400\nsince = "2025-01-01"\nbackoff = 0.5\nwriter_wait = 0')))
    assert (opts.retries, opts.step_timeout, opts.since, opts.backoff, opts.writer_wait) == (
        2, 14400, "2025-01-01", 0.5, 0)
    assert schedule_options(load_project(_home(tmp_path, "since = 2025-01-01"))).since is not None


def test_schedule_check_refuses_it(tmp_path: Path) -> None:
    home = _home(tmp_path, 'step_timeout = "4h"')
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("RDI_HOME", None)
    res = subprocess.run([sys.executable, "-m", "pipeline", "schedule", "check", "--home", str(home)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.splitlines()[-1] == (
        "error: [schedule] step_timeout in rdi.toml must be a number of seconds > 0, not '4h'")
