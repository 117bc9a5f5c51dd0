"""Run the SQL files under ``warehouse/sql/`` with bound parameters.

A file may hold several statements separated by a line holding only ``;``. Named
parameters (``$name``) are bound per statement: each statement receives just the
parameters it mentions, so user values never get formatted into SQL text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

SQL_DIR = Path(__file__).with_name("sql")
_SPLIT_RE = re.compile(r"^\s*;\s*$", re.MULTILINE)
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def statements(name: str) -> tuple[str, ...]:
    """Return the statements of ``warehouse/sql/<name>.sql``."""
    text = (SQL_DIR / f"{name}.sql").read_text("utf-8")
    parts = [p.strip() for p in _SPLIT_RE.split(text)]
    return tuple(p for p in parts if p and not _only_comments(p))


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


def run(con: Any, name: str, params: dict[str, Any] | None = None) -> Any:
    """Execute every statement of ``name``; return the cursor of the last one."""
    result = None
    for sql in statements(name):
        used = set(_PARAM_RE.findall(_strip_comments(sql)))
        bound = {k: v for k, v in (params or {}).items() if k in used}
        missing = used - bound.keys()
        if missing:
            raise KeyError(f"{name}.sql needs parameter(s) {sorted(missing)}")
        result = con.execute(sql, bound) if bound else con.execute(sql)
    return result


def query(con: Any, name: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Run ``name`` and return the rows of its last statement."""
    return run(con, name, params).fetchall()


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
