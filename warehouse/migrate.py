"""Forward-only schema migrations with a sha256 ledger, and the SQL views.

Each ``warehouse/migrations/NNNN_name.sql`` runs once, in order, in one transaction with
its ledger row. An applied migration whose file has since changed is refused: schema
changes go into a new file. Views (``warehouse/views/*.sql``) are code, not schema: they
are (re)created by :func:`apply_views` on every writer cycle.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warehouse.db import WarehouseError, transaction

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VIEWS_DIR = Path(__file__).with_name("views")
_NAME_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

_LEDGER_SQL = """
create table if not exists schema_migrations (
    version integer primary key,   -- NNNN of the file
    name varchar not null,         -- file name
    sha256 varchar not null,       -- of the file as applied
    applied_at timestamptz not null default current_timestamp
)
"""


class MigrationError(WarehouseError):
    """The migration files and the warehouse's ledger disagree."""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Return the migration files in order; numbering must be unique and contiguous from 1."""
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        m = _NAME_RE.match(path.name)
        if not m:
            raise MigrationError(f"bad migration file name {path.name} (want NNNN_name.sql)")
        found.append(Migration(int(m.group(1)), path.name, path.read_text("utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migration numbers must be 1..n without gaps or repeats: {versions}")
    return found


@functools.cache
def latest_version() -> int:
    """The schema version this rdi's migrations define (read once per process)."""
    return len(discover())


def migrate(con: Any, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations and (re)create the views; return the names applied."""
    migrations = discover(directory)
    con.execute(_LEDGER_SQL)
    applied = {
        v: (name, sha)
        for v, name, sha in con.execute(
            "select version, name, sha256 from schema_migrations"
        ).fetchall()
    }
    known = {m.version for m in migrations}
    newer = sorted(v for v in applied if v not in known)
    if newer:
        raise MigrationError(
            f"warehouse has migration(s) {newer} this rdi does not know; upgrade rdi"
        )
    done: list[str] = []
    for mig in migrations:
        if mig.version in applied:
            name, sha = applied[mig.version]
            if sha != mig.sha256:
                raise MigrationError(
                    f"migration {mig.name} was edited after it was applied "
                    f"(ledger sha256 {sha[:12]}, file {mig.sha256[:12]}); "
                    "add a new migration instead"
                )
            continue
        with transaction(con):
            con.execute(mig.sql)
            con.execute(
                "insert into schema_migrations (version, name, sha256) values (?, ?, ?)",
                [mig.version, mig.name, mig.sha256],
            )
        done.append(mig.name)
    apply_views(con)
    return done


def apply_views(con: Any, directory: Path = VIEWS_DIR) -> list[str]:
    """Create or replace every view; files may depend on each other in any order."""
    pending = {p.stem: p.read_text("utf-8") for p in sorted(directory.glob("*.sql"))}
    created: list[str] = []
    while pending:
        before = len(pending)
        errors: dict[str, str] = {}
        for name, sql in list(pending.items()):
            try:
                con.execute(sql)
            except Exception as exc:  # noqa: BLE001 - a dependency may not exist yet
                errors[name] = str(exc).splitlines()[0]
                continue
            created.append(name)
            del pending[name]
        if len(pending) == before:
            name, msg = next(iter(errors.items()))
            raise MigrationError(f"view {name} does not build: {msg}")
    return created
