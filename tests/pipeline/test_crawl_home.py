"""A relative ``--home`` (and the default ``./rdi-data``) is the caller's folder, also for the crawl.

The crawl's Scrapy process runs in the repository; it was once handed paths relative to the home,
so a relative ``--home`` sent the crawl's output into the repository and the crawl was reported
failed (``pipeline.config.Project`` now keeps its home absolute).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from crawlers.mirror import MirrorProcess
from pipeline.config import Project, load_project
from tests.pipeline.schedule_support import RDI, env_for, mirror_root, write_home

SOURCE = "jp_kantei_statements_ja"
REPO = Path(__file__).resolve().parents[2]


def test_project_paths_are_absolute(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RDI_HOME", raising=False)
    assert load_project("h").staging_dir == tmp_path / "h" / "staging"
    assert load_project().home == tmp_path / "rdi-data"
    assert Project(home=Path("x")).warehouse_path == tmp_path / "x" / "warehouse.duckdb"


def test_a_relative_home_receives_the_crawl(tmp_path: Path) -> None:
    root = mirror_root(tmp_path / "site", SOURCE)
    work = tmp_path / "work"
    write_home(work / "h-rel")
    with MirrorProcess(root) as mirror:
        res = subprocess.run([RDI, "crawl", "--home", "h-rel", "--source", SOURCE, "--since", "2024-12-01"],
                             cwd=work, env=env_for(mirror.host_map), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    staged = list((work / "h-rel" / "staging" / SOURCE).glob("*.jsonl"))
    assert len(staged) == 1
    assert sum(1 for line in staged[0].read_text("utf-8").splitlines() if line.strip()) > 0
    assert not (REPO / "h-rel").exists()
