"""The human audit loop (methodology §6.6, AUDIT.md): stratified sample, blind coding packets,
import with validation, agreement and adjudication, weighted error rates that feed the index,
and the human index check. Library functions return data; ``pipeline/cli/audit_cmds.py`` prints.
"""

from __future__ import annotations

from warehouse.db import WarehouseError


class AuditError(WarehouseError):
    """An audit step cannot proceed; the one-line message says why (and which row)."""
