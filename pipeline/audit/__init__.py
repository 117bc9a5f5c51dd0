"""The human audit loop (methodology §6.6, AUDIT.md): stratified sample, blind coding packets,
import with validation, agreement and adjudication, weighted error rates that feed the index,
and the human index check. Library functions return data; ``pipeline/cli/audit_cmds.py`` prints.
"""

from __future__ import annotations

from typing import Any

from warehouse.db import WarehouseError


class AuditError(WarehouseError):
    """An audit step cannot proceed; the one-line message says why (and which row)."""


def open_snapshot(project: Any) -> Any:
    """The read-only snapshot, with a clear error when it has no audit tables yet."""
    from warehouse import db

    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    found = con.execute("select count(*) from information_schema.tables "
                        "where table_name = 'audit_rounds'").fetchone()[0]
    if not found:
        con.close()
        raise AuditError("no audit round yet; run rdi audit sample --quarter YYYYQn")
    return con
