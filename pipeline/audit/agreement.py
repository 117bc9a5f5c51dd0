"""``rdi audit agreement``: Krippendorff's alpha per label and language, and the disagreements
that go to a third (senior) coder.

Alpha comes from the PyPI ``krippendorff`` package (coders x units reliability matrix, missing
codings as NaN; ``alpha`` and ``verdict`` live in nlp/reliability.py, shared with the corpus
reliability study): nominal for the yes/no labels, the derived hostile flag and the target
(``none`` is a category), ordinal for severity. Thresholds (methodology §6.6): alpha >= 0.80
publishable, 0.667-0.80 provisional, below that unreliable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.labels import LABELS
from nlp.reliability import TARGET_CODES, alpha, verdict
from pipeline.audit import AuditError, open_snapshot
from pipeline.audit.coding import Coding
from pipeline.audit.packets import csv_text, filled_units, packet_rows
from pipeline.audit.sample import parse_quarter
from pipeline.config import Project
from warehouse import sqlfiles

MEASURES: dict[str, str] = {**{k: "nominal" for k in LABELS}, "hostile": "nominal",
                            "target": "nominal", "severity": "ordinal"}


def value_of(coding: Coding, measure: str) -> float:
    """Numeric code of one field for the reliability matrix."""
    if measure == "hostile":
        return float(coding.hostile)
    if measure == "target":
        return float(TARGET_CODES[coding.target])
    return float(getattr(coding, measure))


@dataclass
class AlphaRow:
    """Alpha of one field in one language."""

    lang: str
    label: str
    alpha: float | None
    verdict: str
    units: int          # units with at least two codings
    coders: int


@dataclass
class AgreementResult:
    """Agreement of one round and its open disagreements."""

    audit_round: str
    alphas: list[AlphaRow] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    adjudication_file: str | None = None


def codings_by_lang(con: Any, rounds: list[str]) -> dict[str, dict[str, dict[str, Coding]]]:
    """lang -> unit_id -> coder -> Coding for the given rounds."""
    out: dict[str, dict[str, dict[str, Coding]]] = {}
    for lang, uid, coder, *vals in sqlfiles.query(con, "audit/codings", {"rounds": rounds}):
        out.setdefault(lang, {}).setdefault(uid, {})[coder] = Coding(*vals)
    return out


def alphas_for(codings: dict[str, dict[str, dict[str, Coding]]]) -> list[AlphaRow]:
    """Alpha per language x field."""
    rows = []
    for lang in sorted(codings):
        units = codings[lang]
        coders = sorted({c for per in units.values() for c in per})
        uids = sorted(units)
        double = sum(1 for u in uids if len(units[u]) >= 2)
        for measure, level in MEASURES.items():
            m = np.full((len(coders), len(uids)), np.nan)
            for j, u in enumerate(uids):
                for i, c in enumerate(coders):
                    if c in units[u]:
                        m[i, j] = value_of(units[u][c], measure)
            a = alpha(m, level)
            rows.append(AlphaRow(lang, measure, a, verdict(a), double, len(coders)))
    return rows


def hostile_alpha(con: Any, rounds: list[str]) -> dict[str, float | None]:
    """Alpha of the hostile flag per language (the index's ``audit_alpha``)."""
    return {r.lang: r.alpha for r in alphas_for(codings_by_lang(con, rounds)) if r.label == "hostile"}


def _with_note(labels: str, note: str | None) -> str:
    """A coder's labels for the adjudicator, with the coder's note (AUDIT.md: notes go to the adjudicator)."""
    return f"{labels} note: {note}" if note else labels


def agreement(project: Project, quarter: str, *, out: Path | None = None) -> AgreementResult:
    """Alpha per label and language; write the open disagreements as an adjudication sheet."""
    audit_round = parse_quarter(quarter)[0]
    con = open_snapshot(project)
    try:
        if not con.execute("select count(*) from audit_rounds where audit_round = ?", [audit_round]).fetchone()[0]:
            raise AuditError(f"no audit round {audit_round}; run rdi audit sample --quarter {audit_round}")
        codings = codings_by_lang(con, [audit_round])
        result = AgreementResult(audit_round, alphas_for(codings))
        pending = {u for (u,) in con.execute(
            "select unit_id from audit_gold where audit_round = ? and status = 'pending'", [audit_round]).fetchall()}
        packet = {r["unit_id"]: r for r in packet_rows(con, audit_round)} if pending else {}
        notes = {(u, c): n for u, c, n in con.execute(
            "select unit_id, coder, note from audit_codings where audit_round = ? and note is not null",
            [audit_round]).fetchall()}
    finally:
        con.close()
    coders = sorted({c for per_lang in codings.values() for per in per_lang.values() for c in per})
    for lang, per_lang in codings.items():
        for uid, per in sorted(per_lang.items()):
            if uid in pending:  # a unit gone from the warehouse (its statement rebuilt) keeps its id and labels
                row = {**packet.get(uid, {"unit_id": uid, "lang": lang}), **{f"coder_{c}": _with_note(per[c].short(), notes.get((uid, c)))
                                         for c in per}}
                fields = [k for k in ("history", "territory", "nationalist", "conciliatory", "target", "severity")
                          if len({getattr(x, k) for x in per.values()}) > 1]
                row["differs_on"] = ", ".join(fields)
                result.disagreements.append(row)
    if result.disagreements:
        out = Path(out) if out is not None else project.home / "audit" / audit_round / "adjudication.csv"
        if filled_units(out) & pending:
            raise AuditError(f"{out} holds decisions not imported yet; run rdi audit adjudicate {out} "
                             "--adjudicator NAME first (or give another --out)")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(csv_text(result.disagreements, tuple(f"coder_{c}" for c in coders)), "utf-8-sig", newline="")
        result.adjudication_file = str(out)
    return result
