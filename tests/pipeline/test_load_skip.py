"""rdi load does not re-read the staging archive: a file read completely is not opened again
while it is unchanged on disk, and is read again as soon as it changes in any way."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import warehouse.loader as loader
from pipeline.load import load


@pytest.fixture
def settle(monkeypatch: pytest.MonkeyPatch):
    """Shorten the time a just-written file stays untrusted (60 s) and wait it out."""
    monkeypatch.setattr(loader, "RACY_SECONDS", 0.05)

    def wait() -> None:
        time.sleep(0.1)

    return wait


def _counts(snap):
    return snap("select (select count(*) from statements), (select count(*) from statement_versions), "
                "(select count(*) from units), (select count(*) from quarantine)", rows=True)[0]


def test_a_loaded_unchanged_file_is_not_opened_again(project, stage, statement, snap, settle):
    for run in range(3):
        stage([statement(f"{run}-{k}", f"本文 {run} {k}") for k in range(2)], name=f"run{run}")
    settle()
    first = load(project)
    assert (first.files_hashed, first.files_read, first.new_statements) == (3, 3, 6)
    before = _counts(snap)
    second = load(project)
    assert (second.files_seen, second.files_hashed, second.files_read) == (3, 0, 0)
    assert _counts(snap) == before
    details = json.loads(snap("select details from runs where run_id = ?", [second.run_id]))
    assert details["files_hashed"] == 0


def test_a_new_file_is_the_only_one_opened(project, stage, statement, settle):
    stage([statement("1", "一つ目")], name="run1")
    settle()
    load(project)
    stage([statement("2", "二つ目")], name="run2")
    result = load(project)
    assert (result.files_seen, result.files_hashed, result.files_read) == (2, 1, 1)
    assert result.new_statements == 1


def test_a_file_written_just_before_a_load_is_hashed_once_more(project, stage, statement):
    """Its times may not move if it is written again within the same clock tick."""
    stage([statement("1", "一つ目")])
    load(project)
    again = load(project)
    assert (again.files_hashed, again.files_read, again.new_statements) == (1, 0, 0)


def test_an_appended_file_is_read_again(project, stage, statement, snap, settle):
    path = stage([statement("1", "一つ目")])
    settle()
    load(project)
    with path.open("ab") as fh:
        fh.write(json.dumps(statement("2", "二つ目"), ensure_ascii=False).encode() + b"\n")
    result = load(project)
    assert (result.files_read, result.new_statements) == (1, 1)
    assert snap("select count(*) from statements") == 2


def test_a_truncated_file_is_read_again(project, stage, statement, snap, settle):
    one, two = (json.dumps(statement(i, f"本文 {i}"), ensure_ascii=False) for i in "12")
    path = stage([one, two])
    settle()
    load(project)
    path.write_text(one + "\n", "utf-8")
    result = load(project)
    assert (result.files_read, result.records, result.new_statements) == (1, 1, 0)
    assert snap("select count(*) from statements") == 2


def _same_size_and_mtime(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` (as long as the file) to ``path`` and set its mtime back, in place or
    by a new file renamed over it, as ``cp -p``, ``rsync -a`` or ``touch -r`` leave it."""
    st = path.stat()
    assert len(data) == st.st_size
    target = path.with_suffix(".new") if replace else path
    target.write_bytes(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    if replace:
        os.replace(target, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.parametrize("replace", [False, True], ids=["rewritten", "replaced"])
def test_a_file_changed_with_its_size_and_mtime_kept_is_read_again(project, stage, statement, snap,
                                                                   settle, replace):
    path = stage([statement("1", "初版の本文 1")])
    settle()
    load(project)
    changed = json.dumps(statement("1", "初版の本文 2"), ensure_ascii=False).encode() + b"\n"
    _same_size_and_mtime(path, changed, replace=replace)
    result = load(project)
    assert (result.files_read, result.new_versions) == (1, 1)
    assert snap("select text from statements") == "初版の本文 2"


def test_an_incomplete_file_is_hashed_on_every_load_until_complete(project, stage, statement, snap,
                                                                   settle):
    done = json.dumps(statement("1", "一つ目"), ensure_ascii=False)
    partial = json.dumps(statement("2", "二つ目"), ensure_ascii=False)
    path = stage([done, partial[:40]], newline_at_end=False)
    settle()
    load(project)
    unchanged = load(project)
    assert unchanged.files_hashed == 1
    assert unchanged.incomplete_files == [path.relative_to(project.staging_dir).as_posix()]
    path.write_text(done + "\n" + partial + "\n", "utf-8")
    settle()
    assert load(project).new_statements == 1
    assert load(project).files_hashed == 0
    assert snap("select count(*) from statements") == 2


def test_an_empty_home_reloads_every_file_and_never_twice(project, stage, statement, snap, settle):
    for run in range(3):
        stage([statement(f"{run}-{k}", f"本文 {run} {k}") for k in range(2)], name=f"run{run}")
    settle()
    load(project)
    before = _counts(snap)
    project.warehouse_path.unlink()
    project.snapshot_path.unlink()
    rebuilt = load(project)
    assert (rebuilt.files_read, rebuilt.new_statements) == (3, 6)
    assert _counts(snap) == before
    assert load(project).files_hashed == 0
    assert _counts(snap) == before


def test_files_loaded_before_the_signatures_are_hashed_once(project, stage, statement, snap, settle):
    """load_files rows written before migration 0009 have no signature: hash and compare,
    then record it."""
    import duckdb

    stage([statement("1", "一つ目")])
    settle()
    load(project)
    con = duckdb.connect(str(project.warehouse_path))
    con.execute("update load_files set mtime_ns = null, ctime_ns = null, inode = null")
    con.close()
    upgraded = load(project)
    assert (upgraded.files_hashed, upgraded.files_read) == (1, 0)
    assert load(project).files_hashed == 0
