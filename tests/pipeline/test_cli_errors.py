"""Bad input gets one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def rdi(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("RDI_HOME", "RDI_HOST_MAP", "RDI_DEBUG")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=120)


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (("crawl", "--source", "no_such_source"), {}, "unknown source 'no_such_source'"),
        (("crawl", "--source", "jp_kantei_statements_ja", "--since", "2024-13-01"), {}, "is not a date"),
        (("export", "--month", "2026-13"), {}, "bad month '2026-13'"),
        (("export", "--month", "June 2026"), {}, "bad month"),
        (("sql", "select 1"), {}, "no warehouse at"),
        (("index",), {}, "no warehouse at"),
        (("crawl", "--source", "jp_kantei_statements_ja"), {"RDI_HOST_MAP": "www.kantei.go.jp"}, "unreadable host map"),
        (("crawl", "--source", "jp_kantei_statements_ja"), {"RDI_HOST_MAP": "www.kantei.go.jp=127.0.0.1:99999"}, "unreadable host map"),
    ],
)
def test_one_line_error(tmp_path: Path, args: tuple[str, ...], env: dict[str, str], expected: str) -> None:
    res = rdi(*args, "--home", str(tmp_path / "home"), env=env)
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and expected in lines[0]


def test_unreadable_config_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "rdi.toml").write_text("[host_map\n")
    res = rdi("status", "--home", str(home))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert "not valid TOML" in res.stderr


def test_debug_shows_traceback(tmp_path: Path) -> None:
    res = rdi("sql", "select 1", "--home", str(tmp_path), env={"RDI_DEBUG": "1"})
    assert res.returncode != 0 and "Traceback" in res.stderr


def test_a_negative_seed_is_refused_before_anything_runs(tmp_path: Path) -> None:
    """numpy once refused it deep inside the index ("expected non-negative integer")."""
    res = rdi("index", "--seed", "-1", "--home", str(tmp_path / "home"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "--seed" in res.stderr and "greater than or equal to 0" in res.stderr
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("value", ["abc", "-5", "nan"])
def test_a_bad_lock_timeout_is_one_line(tmp_path: Path, value: str) -> None:
    home = tmp_path / "home"
    (home / "staging").mkdir(parents=True)
    res = rdi("load", "--home", str(home), env={"RDI_LOCK_TIMEOUT": value})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip() == f"error: RDI_LOCK_TIMEOUT must be a number of seconds >= 0, not '{value}'"


def test_an_empty_study_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    res = rdi("corpus-agreement", "--data", str(empty))
    assert res.returncode == 1 and res.stderr.strip() == f"error: {empty}: no rows"
