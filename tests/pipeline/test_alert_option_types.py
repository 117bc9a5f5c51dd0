"""``[alerts]`` options of the wrong type are named, and ``rdi schedule check`` refuses them.

``stale_factor = "2x"`` passed ``rdi schedule check`` (it did not read ``[alerts]``) and then every
alert check on a server with run history failed with a bare TypeError ("can't multiply sequence by
non-int of type 'float'"), which the scheduler logs as "alert check failed": no alert was ever sent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.alerts import AlertSettings, source_alerts
from pipeline.config import load_project

REPO = Path(__file__).resolve().parents[2]


def _home(tmp_path: Path, body: str) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "rdi.toml").write_text(f"[alerts]\n{body}\n", "utf-8")
    return home


@pytest.mark.parametrize(("body", "message"), [
    ('stale_factor = "2x"', "[alerts] stale_factor in rdi.toml must be a number >= 0, not '2x'"),
    ('error_share = "20%"', "[alerts] error_share in rdi.toml must be a number >= 0, not '20%'"),
    ("index_months = 1.5", "[alerts] index_months in rdi.toml must be an integer >= 0, not 1.5"),
    ("retries = true", "[alerts] retries in rdi.toml must be an integer >= 0, not True"),
    ("webhook = 1", "[alerts] webhook in rdi.toml must be a URL in quotes, not 1"),
])
def test_a_wrong_type_is_named(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        AlertSettings.from_project(load_project(_home(tmp_path, body)))
    assert str(err.value) == message


def test_the_readme_options_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RDI_ALERT_WEBHOOK", raising=False)
    s = AlertSettings.from_project(load_project(_home(
        tmp_path, 'webhook = "https://hooks.example/x"\nstale_factor = 2.0\nerror_share = 0.2\ndrift_factor = 2')))
    assert (s.webhook, s.stale_factor, s.error_share, s.drift_factor) == ("https://hooks.example/x", 2.0, 0.2, 2)
    assert source_alerts([], s) == []


def test_schedule_check_refuses_it(tmp_path: Path) -> None:
    home = _home(tmp_path, 'stale_factor = "2x"')
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("RDI_HOME", None)
    res = subprocess.run([sys.executable, "-m", "pipeline", "schedule", "check", "--home", str(home)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.splitlines()[-1] == "error: [alerts] stale_factor in rdi.toml must be a number >= 0, not '2x'"
