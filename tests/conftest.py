"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "tests" / "files"
REAL_FIXTURES = ROOT.parent / "shared" / "fixtures" / "real"


@pytest.fixture(scope="session")
def real_fixtures() -> Path:
    """../shared/fixtures/real, or skip when this checkout has no ../shared beside it."""
    if not REAL_FIXTURES.is_dir():
        pytest.skip(f"real captures not available ({REAL_FIXTURES} is absent)")
    return REAL_FIXTURES


@pytest.fixture(autouse=True, scope="session")
def _never_reach_real_sites() -> None:
    """Crawls started by tests refuse hosts outside their mirror instead of using the network."""
    import os

    os.environ["RDI_MIRROR_ONLY"] = "1"


DEMO_COUNTS = {
    "statements": "select count(*) from statements",
    "sentences": "select count(*) from sentences",
    "units": "select count(*) from units",
    "eligible_units": "select count(*) from units where eligible",
    "index_rows": "select count(*) from index_monthly",
    "evidence": "select count(*) from evidence",
}


def _run_demo_twice(home: Path) -> dict:
    import subprocess
    import sys

    import duckdb

    rdi = Path(sys.executable).with_name("rdi")
    runs = []
    for _ in range(2):
        proc = subprocess.run([str(rdi), "demo", "--home", str(home)], capture_output=True,
                              text=True, timeout=600, env={**os.environ, "COLUMNS": "160"})
        counts = {}
        if proc.returncode == 0:
            con = duckdb.connect(str(home / "snapshot.duckdb"), read_only=True)
            try:
                counts = {k: con.execute(q).fetchone()[0] for k, q in DEMO_COUNTS.items()}
            finally:
                con.close()
        runs.append({"stdout": proc.stdout, "stderr": proc.stderr,
                     "returncode": proc.returncode, "counts": counts})
        if proc.returncode != 0:
            break
    return {"home": str(home), "runs": runs}


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict:
    """``rdi demo`` run twice on one home through the real console script, once per test run.

    Returns ``{"home": Path, "runs": [{"stdout", "stderr", "returncode", "counts"}, ...]}``;
    counts are read from the published snapshot after each run. Tests that need a complete
    demo warehouse (reports, audits, queries) use ``demo_runs["home"]``, which holds the state
    after the second run, and only read it. Under pytest-xdist the first worker that asks builds
    it in the run's shared temp folder and the others wait for it and reuse it.
    """
    import json

    from filelock import FileLock

    if worker_id == "master":  # no xdist
        result = _run_demo_twice(tmp_path_factory.mktemp("demo") / "rdi-demo")
    else:
        shared = tmp_path_factory.getbasetemp().parent / "demo"
        shared.mkdir(exist_ok=True)
        done = shared / "runs.json"
        with FileLock(str(shared / "build.lock")):
            if done.is_file():
                result = json.loads(done.read_text("utf-8"))
            else:
                result = _run_demo_twice(shared / "rdi-demo")
                done.write_text(json.dumps(result), "utf-8")
    return {**result, "home": Path(result["home"])}
