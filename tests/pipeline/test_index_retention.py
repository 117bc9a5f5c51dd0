"""rdi index keeps the releases its readers and citations need and deletes the others
([index] keep_releases): revision status, frozen months and evidence come out as with every
release kept."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.config import Project, load_project
from pipeline.index import build_index
from pipeline.load import load
from pipeline.tag import tag
from warehouse import db

RELEASE_TABLES = ("index_releases", "index_values", "index_channel_values", "index_evidence")


def _releases(project: Project) -> dict[str, set[int]]:
    """The release ids present in each release table."""
    with duckdb.connect(str(project.warehouse_path), read_only=True) as con:
        return {t: {r for (r,) in con.execute(f"select distinct release_id from {t}").fetchall()}
                for t in RELEASE_TABLES}


def _date(project: Project, when: dict[int, str]) -> None:
    """Move releases to other UTC days (as if computed then)."""
    with db.writer(project.warehouse_path) as con:
        for rid, day in when.items():
            con.execute("update index_releases set computed_at = ?::timestamptz where release_id = ?",
                        [f"{day} 12:00:00+00", rid])


def _keep_all(project: Project) -> None:
    (project.home / "rdi.toml").write_text('[index]\nkeep_releases = "all"\n', "utf-8")


def test_keep_releases_is_read_from_rdi_toml_and_is_no_index_setting() -> None:
    from pipeline.index import keep_releases
    from warehouse.vintage import IndexSettings

    assert keep_releases({}) == "monthly"
    assert keep_releases({"index": {"keep_releases": "all"}}) == "all"
    # not a setting of the index: changing it must not start a new vintage
    assert IndexSettings.from_config({"index": {"keep_releases": "all"}}) == IndexSettings()
    for bad in ("none", 3, True):
        with pytest.raises(ValueError, match=r'\[index\] keep_releases in rdi.toml must be "monthly" or "all"'):
            keep_releases({"index": {"keep_releases": bad}})


def test_each_run_kept_a_whole_release_and_now_only_those_readers_need(scored_warehouse):
    """Runs of one vintage: with keep_releases = "all" each leaves a whole release; by default
    only the last release of each calendar month (UTC), the latest and the one before it in its
    vintage stay, each whole, and the others are gone from every release table (the first run
    after keep-all prunes what had piled up)."""
    project = scored_warehouse(months=30)
    _keep_all(project)
    for _ in range(3):
        build_index(load_project(project.home), draws=200)
    assert _releases(project)["index_releases"] == {1, 2, 3}
    _date(project, {1: "2025-01-10", 2: "2025-01-20", 3: "2025-02-05"})
    (project.home / "rdi.toml").unlink()  # the default from here on
    fourth, fifth = (build_index(load_project(project.home), draws=200) for _ in range(2))
    assert (fourth.releases_pruned, fifth.release_id, fifth.releases_pruned) == (1, 5, 0)
    kept = _releases(project)
    # 1: neither the last of 2025-01 nor among the latest two of the vintage
    assert kept == {t: {2, 3, 4, 5} for t in RELEASE_TABLES[:3]} | {"index_evidence": set()}
    with duckdb.connect(str(project.warehouse_path), read_only=True) as con:
        counts = con.execute("select release_id, count(*) from index_values group by 1").fetchall()
    assert {n for _, n in counts} == {fifth.rows}  # the kept ones are whole
    assert build_index(load_project(project.home), draws=200).releases_pruned == 1  # 4 goes now
    assert _releases(project)["index_releases"] == {2, 3, 5, 6}


def test_keep_all_keeps_every_release(scored_warehouse):
    project = scored_warehouse(months=30)
    _keep_all(project)
    for _ in range(4):
        res = build_index(load_project(project.home), draws=200)
    assert res.releases_pruned == 0
    assert _releases(project)["index_values"] == {1, 2, 3, 4}


def test_the_last_release_of_another_vintage_is_kept(scored_warehouse):
    """Vintage A (draws 200), B (draws 300), back to A: the previous release of A is what the
    latest's revision status compares with, though it is not among the latest two overall;
    the latest of B is what the report compares a new vintage with."""
    project = scored_warehouse(months=30)
    a1 = build_index(project, draws=200)
    a2 = build_index(project, draws=200)
    b = build_index(project, draws=300)
    a3 = build_index(project, draws=200)
    assert a1.vintage == a2.vintage == a3.vintage != b.vintage
    assert _releases(project)["index_releases"] == {a2.release_id, b.release_id, a3.release_id}


def test_a_failed_index_run_prunes_nothing(scored_warehouse, monkeypatch):
    """The deletions are part of rdi index's transaction: a run that fails after them leaves
    every release of before, and no new one."""
    import pipeline.index

    project = scored_warehouse(months=30)
    _keep_all(project)
    for _ in range(3):
        build_index(load_project(project.home), draws=200)
    (project.home / "rdi.toml").unlink()

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed after the pruning")

    monkeypatch.setattr(pipeline.index, "record_run", fail)
    with pytest.raises(RuntimeError, match="killed after the pruning"):
        build_index(load_project(project.home), draws=200)
    assert _releases(project)["index_values"] == {1, 2, 3}
    monkeypatch.undo()
    assert build_index(load_project(project.home), draws=200).releases_pruned == 2
    assert _releases(project)["index_values"] == {3, 4}


def _twin(project: Project) -> Project:
    """A copy of ``project``'s home that keeps every release."""
    home = project.home.parent / "twin"
    shutil.copytree(project.home, home)
    _keep_all(load_project(home))
    return load_project(home)


PUBLISHED = {
    "index_monthly": "select * from index_monthly order by all",
    "index_channel_monthly": "select * from index_channel_monthly order by all",
    "evidence": "select * from evidence order by all",
    "report_series": None,  # warehouse/sql/report/series.sql
}


def _published(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    from warehouse import sqlfiles

    with duckdb.connect(str(project.snapshot_path), read_only=True) as con:
        out = {k: con.execute(q).fetchall() for k, q in PUBLISHED.items() if q}
        out["report_series"] = sqlfiles.query(con, "report/series",
                                              {"first_month": "2024-01", "month": "2024-06"})
    return out


def test_pruning_publishes_what_keeping_everything_publishes(
        kr_loaded: Project, kr_statement: Callable[..., dict[str, Any]], stage: Callable[..., Path],
        framing_model: Path) -> None:
    """The same history indexed with keep_releases = "all" and with the default: revision
    status, frozen months (their values and evidence, copied from a release that is later
    pruned), the channel rows and the report's vintage comparison are the same after every run."""
    twin = _twin(kr_loaded)
    late = [[kr_statement("late2", "2024-02-20", protest=True)],         # a frozen month
            [kr_statement("late5", "2024-05-20", protest=True)],         # a revised month
            [kr_statement("late6", "2024-06-21", protest=True),
             kr_statement("late5b", "2024-05-22", protest=True)]]
    # draws 400 is another vintage; the first two runs are of an earlier month (July). The fifth
    # run's status compares with the third (its vintage's previous release), which is neither
    # among the latest two releases then nor the last of its month.
    steps: list[tuple[int, list[dict[str, Any]] | None]] = [
        (300, None), (300, late[0]), (300, late[1]), (400, None), (300, None), (300, late[2]), (300, None)]
    seen: set[str] = set()
    for i, (draws, new) in enumerate(steps):
        if new:
            staged = stage(new, name=f"late{i}", source="kr_mofa_press_releases_ko")
            shutil.copy(staged, twin.staging_dir / staged.parent.name / staged.name)
        results = []
        for p in (kr_loaded, twin):
            if new:
                load(p)
                tag(p, model_dir=framing_model)
            results.append(build_index(load_project(p.home), draws=draws, model_dir=framing_model))
            if i < 2:
                _date(p, {results[-1].release_id: f"2024-07-{15 + i}"})
        pruned, kept = results
        assert pruned.release_id == kept.release_id and pruned.vintage == kept.vintage
        published = _published(kr_loaded)
        assert published == _published(twin), f"run {i + 1} publishes differently"
        with duckdb.connect(str(kr_loaded.snapshot_path), read_only=True) as con:
            seen |= {s for (s,) in con.execute("select distinct status from index_monthly").fetchall()}
        assert published["evidence"], f"run {i + 1}: no evidence to compare"
    assert "revised" in seen and "final" in seen  # the comparison compared something
    assert _releases(twin)["index_releases"] == set(range(1, len(steps) + 1))
    assert _releases(kr_loaded) == {t: {2, 4, 6, 7} for t in RELEASE_TABLES}
