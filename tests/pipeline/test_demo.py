"""``rdi demo`` end to end through the console script, twice on one home (the README's first command).

The demo serves the bundled archive on 127.0.0.1, crawls it with the real spiders, loads, tags,
indexes and exports; a second run on the same home must load nothing new and duplicate nothing.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.demo import demo_sources

RDI = Path(sys.executable).with_name("rdi")
CONTRACT_COLUMNS = {"month", "actor", "target", "rdi", "rdi_lo90", "rdi_hi90", "n_units"}
COUNTRIES = {"JP", "KR", "US", "KP", "CN", "other", "ALL"}


@pytest.fixture(scope="module")
def demo(demo_runs: dict) -> dict:
    for run in demo_runs["runs"]:
        assert run["returncode"] == 0, run["stderr"][-2000:]
    return demo_runs


def _rdi(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # Rich tables at full width when not on a terminal
    return subprocess.run([str(RDI), *args], capture_output=True, text=True, timeout=120, env=env)


def test_demo_ran_twice(demo: dict) -> None:
    assert len(demo["runs"]) == 2


@pytest.mark.parametrize("name", ["warehouse.duckdb", "rdi_monthly.csv", "rdi_monthly.parquet",
                                  "rdi_evidence.csv", "snapshot.duckdb"])
def test_demo_writes_file(demo: dict, name: str) -> None:
    assert (demo["home"] / name).stat().st_size > 0


def test_demo_writes_the_simulated_audit_round(demo: dict) -> None:
    """README: audit/<YYYY>Q<n>/ holds the coders' packets (Label Studio and CSV) of one round."""
    (round_dir,) = (demo["home"] / "audit").iterdir()
    assert re.fullmatch(r"\d{4}Q[1-4]", round_dir.name)
    names = {p.name for p in round_dir.iterdir()}
    assert {"label_config.xml", "adjudication.csv"} <= names
    assert any(n.endswith(".tasks.json") for n in names) and any(n.endswith(".csv") and "coder" in n for n in names)


@pytest.mark.parametrize("table", ["statements", "sentences", "units", "eligible_units",
                                   "index_rows", "evidence"])
def test_second_run_duplicates_nothing(demo: dict, table: str) -> None:
    first, second = (run["counts"][table] for run in demo["runs"])
    assert first == second


def test_demo_has_at_least_200_statements(demo: dict) -> None:
    assert demo["runs"][0]["counts"]["statements"] >= 200


def test_demo_tags_sentences(demo: dict) -> None:
    assert demo["runs"][0]["counts"]["sentences"] > demo["runs"][0]["counts"]["statements"]


def test_summary_lists_every_demo_source_ok(demo: dict) -> None:
    out = demo["runs"][0]["stdout"]
    for source in demo_sources():
        assert re.search(rf"{source}\s*│\s*ok\s*│", out), source


def test_summary_names_files_written(demo: dict) -> None:
    assert "rdi_monthly.csv" in demo["runs"][0]["stdout"]


@pytest.fixture(scope="module")
def monthly(demo: dict) -> list[dict[str, str]]:
    with (demo["home"] / "rdi_monthly.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_monthly_csv_has_contract_columns(monthly: list[dict[str, str]]) -> None:
    assert CONTRACT_COLUMNS <= set(monthly[0])


def test_monthly_months_are_yyyy_mm(monthly: list[dict[str, str]]) -> None:
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["month"]) for r in monthly)


def test_monthly_covers_24_months(monthly: list[dict[str, str]]) -> None:
    assert len({r["month"] for r in monthly}) >= 24


def test_monthly_country_codes(monthly: list[dict[str, str]]) -> None:
    assert {r["actor"] for r in monthly} | {r["target"] for r in monthly} <= COUNTRIES


def test_monthly_has_every_actor(monthly: list[dict[str, str]]) -> None:
    assert {r["actor"] for r in monthly} == {"JP", "KR", "US"}


def test_rdi_sql_prints_trend_rows(demo: dict) -> None:
    proc = _rdi("sql", "--home", str(demo["home"]), "--format", "csv",
                "select * from trend_monthly limit 5")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().splitlines()) == 6  # header + 5 rows


def test_rdi_status_prints_per_source_counts(demo: dict) -> None:
    import duckdb

    con = duckdb.connect(str(demo["home"] / "snapshot.duckdb"), read_only=True)
    try:
        counts = dict(con.execute("select source, count(*) from statements group by 1").fetchall())
    finally:
        con.close()
    out = _rdi("status", "--home", str(demo["home"])).stdout
    for source, n in counts.items():
        assert re.search(rf"{source}\s*│[^\n]*\b{n}\b", out), (source, n)


def _readme_queries() -> list[list[str]]:
    """The `rdi sql` commands of the README's "Querying the warehouse" section, as argv lists."""
    import shlex

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Querying the warehouse", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    tokens = shlex.split(block, comments=True)
    commands: list[list[str]] = []
    for tok in tokens:
        if tok == "rdi":
            commands.append([])
        else:
            commands[-1].append(tok)
    return commands


def test_readme_has_five_queries() -> None:
    assert len(_readme_queries()) == 5


@pytest.mark.parametrize("argv", _readme_queries(), ids=lambda a: " ".join(a)[:40])
def test_readme_query_runs_on_demo(demo: dict, argv: list[str]) -> None:
    args = [str(demo["home"]) if a == "rdi-demo" else a for a in argv]
    proc = _rdi(*args, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().splitlines()) >= 2  # header + at least one row
