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


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``rdi demo`` run twice on one home through the real console script (one per session).

    Returns ``{"home": Path, "runs": [{"stdout", "stderr", "returncode", "counts"}, ...]}``;
    counts are read from the published snapshot after each run. Tests that need a complete
    demo warehouse (reports, audits, queries) use ``demo_runs["home"]``, which holds the state
    after the second run.
    """
    import subprocess
    import sys

    import duckdb

    home = tmp_path_factory.mktemp("demo") / "rdi-demo"
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
    return {"home": home, "runs": runs}
