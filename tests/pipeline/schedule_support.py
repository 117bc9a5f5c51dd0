"""Helpers for the scheduler tests: a tiny mirror of saved pages, a project home, the history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

FILES = Path(__file__).resolve().parents[1] / "files"
RDI = str(Path(sys.executable).with_name("rdi"))


def mirror_root(dest: Path, *sources: str) -> Path:
    """One mirror folder (``<host>/<path>``) holding the saved pages of ``sources``."""
    dest.mkdir(parents=True, exist_ok=True)
    for src in sources:
        for host in (FILES / src).iterdir():
            if host.is_dir():
                shutil.copytree(host, dest / host.name, dirs_exist_ok=True)
    return dest


def empty_kantei(dest: Path) -> Path:
    """kantei after a redesign: every page answers, none lists a statement (0 items)."""
    host = dest / "www.kantei.go.jp"
    host.mkdir(parents=True, exist_ok=True)
    (host / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (host / "index-jnews.rdf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    (host / "index.html").write_text("<html><body><p>リニューアルしました</p></body></html>")
    return dest


def write_home(home: Path, *, schedule: dict[str, Any] | None = None, cron: dict[str, str] | None = None,
               alerts: dict[str, Any] | None = None) -> Path:
    """A project home whose ``rdi.toml`` crawls the local mirror without delays."""
    lines = ["[crawl]", "download_delay = 0", "robots_timeout = 5", "", "[schedule]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in (schedule or {}).items()]
    if cron:
        lines += ["", "[schedule.cron]"] + [f"{k} = {json.dumps(v)}" for k, v in cron.items()]
    if alerts:
        lines += ["", "[alerts]"] + [f"{k} = {json.dumps(v)}" for k, v in alerts.items()]
    home.mkdir(parents=True, exist_ok=True)
    (home / "rdi.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return home


def env_for(host_map: str) -> dict[str, str]:
    """Environment of an rdi subprocess crawling only the mirror."""
    env = dict(os.environ, RDI_HOST_MAP=host_map, RDI_MIRROR_ONLY="1", RDI_LOCK_TIMEOUT="120")
    env.pop("RDI_HOME", None)
    return env


def rdi(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the ``rdi`` console script."""
    return subprocess.run([RDI, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)


def json_lines(text: str) -> list[dict[str, Any]]:
    """The JSON objects among the lines of ``text``."""
    out = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` on a DuckDB file opened read-only."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def steps(home: Path) -> list[dict[str, Any]]:
    """The ``run_steps`` rows of the published snapshot, oldest first."""
    import duckdb

    con = duckdb.connect(str(home / "snapshot.duckdb"), read_only=True)
    try:
        cur = con.execute("select * from run_steps order by started_at, run_id, "
                          "list_position(['crawl','load','tag','index'], step)")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
