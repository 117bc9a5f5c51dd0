"""Separation of audit and training (methodology §6.6 step 7): audited units never train.

Corpus rows name the warehouse unit they were taken from in an optional ``unit_id`` field.
A translation or a copy of an audited statement (``statement_relations``) is as audited as
the unit itself: its units are listed too.
``rdi train`` refuses a corpus holding an audited unit; it learns the audited ids from the
warehouse (``rdi train --home DIR``), from a file written by ``rdi audit ids --out FILE``
(``--audited-ids FILE``), and always from ``nlp/corpus/audited_units.txt`` when that file exists.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Project


def audited_ids(project: Project) -> set[str]:
    """Every unit id sampled by any audit round (simulated rounds included), and the units of
    the translations and copies of an audited unit's statement (warehouse/sql/audit/audited_ids.sql)."""
    from pipeline.audit import open_snapshot
    from warehouse import sqlfiles

    con = open_snapshot(project)
    try:
        return {r[0] for r in sqlfiles.query(con, "audit/audited_ids")}
    finally:
        con.close()


def read_ids(path: Path) -> set[str]:
    """Ids from a file written by ``rdi audit ids`` (one per line; ``#`` comments allowed; a BOM
    left by an editor that saved the list is not part of the first id)."""
    from pipeline.audit import AuditError

    if not path.is_file():
        raise AuditError(f"{path}: audited-ids file not found")
    return {line.strip() for line in path.read_text("utf-8-sig").splitlines()
            if line.strip() and not line.lstrip().startswith("#")}
