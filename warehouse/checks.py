"""Contract checks: zero-row queries in ``warehouse/sql/checks/`` (a row = a violation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse import sqlfiles

CHECKS_DIR = Path(__file__).with_name("sql") / "checks"


def run_checks(con: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Run every check; return the violating rows per check name (empty lists = all good)."""
    return {
        path.stem: sqlfiles.query(con, f"checks/{path.stem}")
        for path in sorted(CHECKS_DIR.glob("*.sql"))
    }
