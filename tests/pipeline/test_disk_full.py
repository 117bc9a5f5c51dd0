"""A full disk while rdi load writes: a one-line error naming the file, the warehouse and the
snapshot stay consistent, and the next load after space returns loads everything once.

The disk is filled with a file-size limit (``RLIMIT_FSIZE``, SIGXFSZ ignored: writes past it
fail with EFBIG, as they fail with ENOSPC on a full disk) on a real ``rdi load`` subprocess.
"""

from __future__ import annotations

import random
import resource
import signal
import subprocess
import sys
from pathlib import Path

from tests.pipeline.schedule_support import query

ROOT = Path(__file__).resolve().parents[2]


def _load(home: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "pipeline", "load", "--home", str(home), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=limited if limit else None)


def _stage(stage, statement, name: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    words = ["alliance", "history", "ministers", "territory", "cooperation", "statement", "region", "trust"]
    stage([statement(f"{name}-{i}", " ".join(rng.choice(words) + str(rng.randrange(10**6)) for _ in range(400)))
           for i in range(n)], name=name)


def _counts(path: Path) -> tuple[int, int, int]:
    return query(path, "select (select count(*) from statements), (select count(*) from statement_versions),"
                       " (select count(*) from load_files)")[0]


def _sizes(home: Path) -> int:
    return max(p.stat().st_size for p in home.glob("*.duckdb*"))


def test_a_load_that_cannot_commit_names_the_file_and_leaves_everything_as_it_was(project, stage, statement):
    home = project.home
    _stage(stage, statement, "first", 40, 1)
    assert _load(home).returncode == 0
    before = _counts(home / "snapshot.duckdb")
    _stage(stage, statement, "second", 600, 2)  # a WAL far larger than any file so far
    failed = _load(home, _sizes(home) + 65536)
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "warehouse.duckdb.wal" in lines[0] and "File too large" in lines[0], failed.stderr
    assert "cannot rollback" not in lines[0]
    assert _counts(home / "snapshot.duckdb") == before
    assert not list(home.glob(".snapshot.duckdb.*"))
    again = _load(home)
    assert again.returncode == 0, again.stderr
    assert _counts(home / "snapshot.duckdb") == (640, 640, 2)
    assert _load(home).returncode == 0 and _counts(home / "snapshot.duckdb") == (640, 640, 2)


def test_a_snapshot_that_cannot_be_written_keeps_the_previous_one(project, stage, statement):
    home = project.home
    _stage(stage, statement, "first", 600, 1)
    assert _load(home).returncode == 0
    before = _counts(home / "snapshot.duckdb")
    _stage(stage, statement, "second", 150, 2)  # its WAL fits; the whole copy does not
    failed = _load(home, (home / "snapshot.duckdb").stat().st_size + 65536)
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: snapshot not published: cannot write "), failed.stderr
    assert "the warehouse keeps what was committed" in lines[0]
    assert _counts(home / "snapshot.duckdb") == before  # readers still see the last good snapshot
    assert not list(home.glob(".snapshot.duckdb.*"))  # the half copy is gone
    again = _load(home)
    assert again.returncode == 0, again.stderr
    assert _counts(home / "snapshot.duckdb") == (750, 750, 2)
