"""Shared fixtures."""

from __future__ import annotations

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
