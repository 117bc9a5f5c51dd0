"""One coder's labels for one unit, and the codebook rules every imported coding must pass.

The fields are those of ANNOTATION.md applied to a whole unit (AUDIT.md §Coder guide):
four yes/no labels, a target and a severity.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import Any

from nlp.labels import LABELS, TARGETS

from pipeline.audit import AuditError

FIELDS: tuple[str, ...] = (*LABELS, "target", "severity")
_TRUE = {"1", "yes", "y", "true"}
_FALSE = {"0", "no", "n", "false"}
NO_TARGET = {"", "none", "null", "-"}


@dataclass(frozen=True)
class Coding:
    """Unit-level labels (codebook v1)."""

    history: bool
    territory: bool
    nationalist: bool
    conciliatory: bool
    target: str | None
    severity: int

    @property
    def hostile(self) -> bool:
        """The human counterpart of the tagger's unit flag."""
        return self.nationalist and (self.history or self.territory) and self.target is not None

    def key(self) -> tuple[Any, ...]:
        return astuple(self)

    def short(self) -> str:
        """Compact form for adjudication sheets: ``H1 T0 N1 C0 target=JP sev=2``."""
        return (f"H{int(self.history)} T{int(self.territory)} N{int(self.nationalist)} "
                f"C{int(self.conciliatory)} target={self.target or 'none'} sev={self.severity}")


def _flag(value: Any, name: str, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if not text:
        raise AuditError(f"{where}: {name} is missing (want yes/no or 1/0)")
    raise AuditError(f"{where}: unknown value {value!r} for {name} (want yes/no or 1/0)")


def parse_coding(raw: dict[str, Any], where: str, *, speaker_country: str | None = None) -> Coding:
    """Validate raw field values (strings, ints or booleans) into a :class:`Coding`.

    Codebook rules: severity is 1-3 exactly when nationalist; a target is set exactly when
    nationalist or conciliatory; the target is never the speaker's own government.
    """
    flags = {name: _flag(raw.get(name), name, where) for name in LABELS}
    target_raw = raw.get("target")
    target_text = "" if target_raw is None else str(target_raw).strip()
    if target_text.lower() in NO_TARGET:
        target = None
    else:
        match = [t for t in TARGETS if t.lower() == target_text.lower()]
        if not match:
            raise AuditError(f"{where}: unknown target {target_raw!r} (want {', '.join(TARGETS)} or none)")
        target = match[0]
    sev_raw = raw.get("severity")
    try:
        severity = int(str(sev_raw).strip()) if sev_raw not in (None, "") else None
    except ValueError:
        severity = -1
    if severity is None:
        raise AuditError(f"{where}: severity is missing (want 0-3)")
    if severity not in (0, 1, 2, 3):
        raise AuditError(f"{where}: unknown severity {sev_raw!r} (want 0, 1, 2 or 3)")
    if flags["nationalist"] and severity == 0:
        raise AuditError(f"{where}: nationalist needs severity 1-3 (codebook: 0 = not nationalist)")
    if not flags["nationalist"] and severity:
        raise AuditError(f"{where}: severity {severity} without nationalist (severity rates nationalist framing only)")
    framed = flags["nationalist"] or flags["conciliatory"]
    if framed and target is None:
        raise AuditError(f"{where}: nationalist/conciliatory framing needs a target")
    if not framed and target is not None:
        raise AuditError(f"{where}: target {target} set without nationalist or conciliatory framing")
    if target is not None and speaker_country and target == speaker_country:
        raise AuditError(f"{where}: target {target} is the speaker's own government")
    return Coding(target=target, severity=severity, **flags)
