"""Forward-only migrations: ordered, ledgered with sha256, refused when edited, atomic."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.migrate import MIGRATIONS_DIR, VIEWS_DIR, MigrationError, discover, migrate


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    return copy


def test_numbering_is_unique_and_contiguous():
    found = discover()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert all(re.fullmatch(r"\d{4}_[a-z0-9_]+\.sql", m.name) for m in found)


def test_migrate_applies_once_and_records_sha256(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    applied = migrate(con)
    assert applied == [m.name for m in discover()]
    assert migrate(con) == []
    ledger = con.execute("select name, sha256 from schema_migrations order by version").fetchall()
    assert ledger == [(m.name, m.sha256) for m in discover()]
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert {"statements", "sentences", "sentence_scores", "unit_flags", "statement_relations",
            "runs", "events", "audit_sample", "index_releases", "quarantine"} <= tables
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert {p.stem for p in VIEWS_DIR.glob("*.sql")} == views


def test_an_edited_applied_migration_is_refused(tmp_path: Path, migrations: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    first = sorted(migrations.glob("0001_*.sql"))[0]
    first.write_text(first.read_text() + "\n-- a later edit\n")
    with pytest.raises(MigrationError, match=r"0001_.*was edited after it was applied"):
        migrate(con, migrations)


def test_a_failing_migration_leaves_no_trace(tmp_path: Path, migrations: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    n = len(discover(migrations))
    bad = migrations / f"{n + 1:04d}_broken.sql"
    bad.write_text("create table half_done (x integer);\nselect * from no_such_table;\n")
    with pytest.raises(duckdb.CatalogException):
        migrate(con, migrations)
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'half_done'").fetchall() == [(0,)]
    assert con.execute("select max(version) from schema_migrations").fetchall() == [(n,)]


def test_gaps_and_unknown_applied_versions_are_refused(tmp_path: Path, migrations: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    con.execute("insert into schema_migrations values (99, '0099_future.sql', 'x', now())")
    with pytest.raises(MigrationError, match="does not know"):
        migrate(con, migrations)
    (migrations / "0042_gap.sql").write_text("select 1;")
    with pytest.raises(MigrationError, match="without gaps"):
        discover(migrations)
