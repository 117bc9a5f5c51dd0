"""``rdi audit import`` and ``rdi audit adjudicate``: read coded packets back, validate, store.

Accepted files: a Label Studio export (JSON: the full format with ``annotations``, or
JSON-MIN), or the CSV packet. Every row is checked before anything is written: unknown
columns or labels, values outside the codebook, units that are not in an audit sample and
units coded twice raise an error naming the row; then all rows go in one transaction.
Re-importing the same file changes nothing; a different coding of an already coded unit
needs ``replace``; a corrected note alone (same labels) is kept without it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nlp.labels import LABELS

from pipeline.audit import AuditError
from pipeline.audit.coding import FIELDS, NO_TARGET, Coding, parse_coding
from pipeline.audit.packets import CODE_COLUMNS, INFO_COLUMNS, check_coder, sheet_rows
from pipeline.config import Project
from warehouse import db, sqlfiles

_LS_TYPES = {"choices": "choices", "textarea": "text"}


@dataclass
class RawRow:
    """One coded unit as read from a file, before validation."""

    row: int            # CSV line number or Label Studio task number (1-based)
    where: str          # how errors name it
    unit_id: str
    values: dict[str, Any]


@dataclass
class ImportResult:
    """What an import did."""

    file: str
    who: str
    rows: int
    inserted: int
    unchanged: int
    replaced: int
    skipped_uncoded: int
    rounds: list[str]


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise AuditError(f"{path}: file not found")
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise AuditError(f"{path}: not UTF-8 text; save it as UTF-8 (in Excel: Save As, "
                         "'CSV UTF-8 (Comma delimited)') and import it again") from None


def _coded(values: dict[str, str]) -> bool:
    """Whether a sheet row holds a coding: a label filled in, or a target or severity other than
    the defaults ``none`` / ``0`` a spreadsheet user may have filled down the uncoded rows."""
    return (any(values[k] for k in LABELS) or values["target"].lower() not in NO_TARGET
            or values["severity"] not in ("", "0"))


def read_csv(path: Path, *, allow_coder_columns: bool = False) -> tuple[list[RawRow], int]:
    """Rows of a CSV packet (blank code columns = not coded yet, skipped)."""
    reader = sheet_rows(_read_text(path))
    header = reader.fieldnames or []
    known = set(INFO_COLUMNS) | set(CODE_COLUMNS)
    unknown = [c for c in header if c not in known and not (allow_coder_columns and c.startswith("coder_"))]
    if unknown and unknown[0].startswith("coder_"):
        raise AuditError(f"{path.name}: an adjudication sheet (column {unknown[0]!r}): record its decisions with "
                         f"rdi audit adjudicate {path.name} --adjudicator NAME")
    if unknown:
        raise AuditError(f"{path.name}: unknown column {unknown[0]!r} (want {', '.join([*INFO_COLUMNS, *CODE_COLUMNS])})")
    missing = [c for c in ("unit_id", *FIELDS) if c not in header]
    if missing:
        raise AuditError(f"{path.name}: missing column {missing[0]!r}")
    rows, skipped = [], 0
    for i, rec in enumerate(reader, 2):
        if None in rec:
            raise AuditError(f"{path.name} row {i}: more cells than columns")
        where = f"{path.name} row {i}"
        values = {k: (rec.get(k) or "").strip() for k in (*FIELDS, "note")}
        if not _coded(values):
            skipped += 1
            continue
        rows.append(RawRow(i, where, (rec.get("unit_id") or "").strip(), values))
    return rows, skipped


def _ls_value(item: dict[str, Any], where: str) -> tuple[str, Any]:
    name, kind = item.get("from_name"), item.get("type")
    if name not in (*FIELDS, "note"):
        raise AuditError(f"{where}: unknown label {name!r} in the annotation (labeling config is not rdi's)")
    key = _LS_TYPES.get(str(kind))
    value = (item.get("value") or {}).get(key) if key else None
    if key == "text" and isinstance(value, list) and value:  # a note submitted in several parts
        return name, "\n".join(str(v) for v in value)
    if not isinstance(value, list) or len(value) != 1:
        raise AuditError(f"{where}: {name} needs exactly one {key or 'choice'} (got {value!r})")
    return name, value[0]


def read_label_studio(path: Path) -> tuple[list[RawRow], int]:
    """Tasks of a Label Studio export (full JSON or JSON-MIN); tasks without annotation are skipped."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise AuditError(f"{path.name}: invalid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, list):
        raise AuditError(f"{path.name}: a Label Studio export is a JSON list of tasks")
    rows, skipped = [], 0
    for n, task in enumerate(data, 1):
        where = f"{path.name} task {n}"
        if not isinstance(task, dict):
            raise AuditError(f"{where}: not a JSON object")
        if "annotations" in task or "data" in task:
            unit_id = str((task.get("data") or {}).get("unit_id") or "").strip()
            where += f" (unit {unit_id or '?'})"
            done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
            if not done:
                skipped += 1
                continue
            if len(done) > 1:
                who = {a.get("completed_by") for a in done}
                if len(who) == 1 and None not in who:
                    raise AuditError(f"{where}: {len(done)} annotations by the same annotator (a unit coded "
                                     "twice); delete all but one in Label Studio and export again")
                raise AuditError(f"{where}: {len(done)} annotations; export one coder's project per file")
            values: dict[str, Any] = {}
            for item in done[0].get("result") or []:
                name, value = _ls_value(item, where)
                if name in values:
                    raise AuditError(f"{where}: {name} given twice")
                values[name] = value
        else:  # JSON-MIN: data fields and one key per control at the top level
            unit_id = str(task.get("unit_id") or "").strip()
            where += f" (unit {unit_id or '?'})"
            values = {k: task.get(k) for k in (*FIELDS, "note") if k in task}
            if not values:
                skipped += 1
                continue
        rows.append(RawRow(n, where, unit_id, values))
    return rows, skipped


def read_file(path: Path, *, allow_coder_columns: bool = False) -> tuple[list[RawRow], int]:
    """Dispatch on the extension: ``.json`` Label Studio, ``.csv`` the CSV packet."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_label_studio(path)
    if suffix == ".csv":
        return read_csv(path, allow_coder_columns=allow_coder_columns)
    raise AuditError(f"{path.name}: unknown packet format {suffix or '(none)'}: want .json (Label Studio export) or .csv")


def validate(con: Any, rows: list[RawRow]) -> list[tuple[RawRow, str, Coding]]:
    """Check every row against the sample and the codebook; return (row, round, coding)."""
    sample = {uid: (rnd, country) for uid, rnd, country in con.execute(
        "select unit_id, audit_round, country from audit_sample").fetchall()}
    seen: dict[str, RawRow] = {}
    out = []
    for r in rows:
        if not r.unit_id:
            raise AuditError(f"{r.where}: unit_id is missing")
        if r.unit_id not in sample:
            raise AuditError(f"{r.where}: unit {r.unit_id!r} is not in any audit sample")
        if r.unit_id in seen:
            raise AuditError(f"{r.where}: unit {r.unit_id} is coded twice in this file (first at {seen[r.unit_id].where})")
        seen[r.unit_id] = r
        rnd, country = sample[r.unit_id]
        out.append((r, rnd, parse_coding(r.values, r.where, speaker_country=country)))
    return out


def check_disputed(con: Any, rows: list[RawRow]) -> None:
    """An adjudication settles a disagreement: refuse units the coders agree on or that lack
    their second coding (audit_gold status agreed, single or uncoded)."""
    status = dict(con.execute("select unit_id, status from audit_gold").fetchall())
    for r in rows:
        state = status.get(r.unit_id)
        if state == "agreed":
            raise AuditError(f"{r.where}: no disagreement to adjudicate, the coders agree on this unit "
                             "(adjudicate the units of the sheet rdi audit agreement writes)")
        if state in ("single", "uncoded"):
            raise AuditError(f"{r.where}: no disagreement to adjudicate yet, {'one coder' if state == 'single' else 'no coder'} "
                             "has coded this unit (it needs two codings: rdi audit import)")


def check_third_person(con: Any, adjudicator: str, rows: list[RawRow]) -> None:
    """An adjudication is by a third person: refuse units the adjudicator coded (naming them)."""
    own = [u for (u,) in sqlfiles.query(con, "audit/own_codings",
                                        {"adjudicator": adjudicator, "unit_ids": [r.unit_id for r in rows]})]
    if own:
        shown = ", ".join(own[:10]) + (f" and {len(own) - 10} more" if len(own) > 10 else "")
        raise AuditError(f"adjudicator {adjudicator} coded unit(s) {shown} as one of the coders; a disagreement "
                         "is settled by a third person who coded neither side: ask another senior coder "
                         "(nothing was recorded)")


def check_one_coder(con: Any, digest: str, coder: str, path: Path) -> None:
    """One file is one coder's work: refuse a file imported before under another coder name."""
    earlier = sqlfiles.query(con, "audit/file_imports", {"sha256": digest, "coder": coder})
    if earlier:
        who, name, when = earlier[0]
        raise AuditError(f"{path.name}: this file was already imported as coder {who} ({name}, {when:%Y-%m-%d %H:%M} "
                         f"UTC); one file is one coder's work: import {coder}'s own export or sheet "
                         "(nothing was imported)")


def _note(values: dict[str, Any]) -> str | None:
    note = values.get("note")
    if isinstance(note, list):  # JSON-MIN: a note submitted in several parts
        note = "\n".join(str(n) for n in note)
    return str(note).strip() or None if note is not None else None


def import_codings(project: Project, path: Path, coder: str, *, replace: bool = False,
                   table: str = "audit_codings") -> ImportResult:
    """Import one coder's file (or, with ``table='audit_adjudications'``, an adjudicator's)."""

    check_coder(coder)
    path = Path(path)
    adjudication = table == "audit_adjudications"
    rows, skipped = read_file(path, allow_coder_columns=adjudication)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    who_col = "adjudicator" if adjudication else "coder"
    with db.writer(project.warehouse_path, timeout=db.lock_timeout(project.config)) as con:
        checked = validate(con, rows)
        if adjudication:
            check_third_person(con, coder, rows)
            prior = {uid: (who, Coding(*vals), note) for uid, who, note, *vals in con.execute(
                "select unit_id, adjudicator, note, history, territory, nationalist, conciliatory, target, severity "
                "from audit_adjudications").fetchall()}
        else:
            same = [c for (c,) in con.execute("select distinct coder from audit_codings "
                                              "where lower(coder) = lower(?) and coder <> ?", [coder, coder]).fetchall()]
            if same:
                raise AuditError(f"coder {coder!r} differs from the coder {same[0]!r} of earlier imports only in "
                                 f"case; use --coder {same[0]} (with --replace for a corrected file)")
            if rows:
                check_one_coder(con, digest, coder, path)
            prior = {uid: (coder, Coding(*vals), note) for uid, note, *vals in con.execute(
                "select unit_id, note, history, territory, nationalist, conciliatory, target, severity "
                "from audit_codings where coder = ?", [coder]).fetchall()}
        now = datetime.now(UTC)
        new, unchanged, replaced = [], 0, []
        for r, rnd, coding in checked:
            old = prior.get(r.unit_id)
            note = _note(r.values)
            if old is not None and old == (coder, coding, note):
                unchanged += 1
                continue
            if old is not None and old[:2] != (coder, coding) and not replace:  # a new note alone is kept
                what = ("adjudicated" if adjudication else "coded") + (" differently" if old[1] != coding else "")
                raise AuditError(f"{r.where}: unit {r.unit_id} was already {what} by "
                                 f"{old[0]}; use --replace to overwrite")
            if old is not None:
                replaced.append(r.unit_id)
            rec = {"audit_round": rnd, "unit_id": r.unit_id, who_col: coder,
                   **{k: getattr(coding, k) for k in FIELDS}, "note": note}
            if adjudication:
                rec.update(source=path.name, decided_at=now)
            else:
                rec.update(source_file=path.name, source_row=r.row, imported_at=now)
            new.append(rec)
        if adjudication:
            check_disputed(con, [r for r, _, _ in checked if r.unit_id in {n["unit_id"] for n in new}])
        first_import = bool(rows) and not adjudication and not sqlfiles.query(
            con, "audit/file_import", {"sha256": digest, "coder": coder})
        if new or first_import:
            with db.transaction(con):
                key = "" if adjudication else " and coder = ?"
                for uid in replaced:
                    con.execute(f"delete from {table} where unit_id = ?{key}",
                                [uid] + ([] if adjudication else [coder]))
                if new:
                    db.insert_rows(con, table, new)
                if first_import:
                    db.insert_rows(con, "audit_imports", [{"sha256": digest, "coder": coder,
                                                           "file": path.name, "imported_at": now}])
            db.publish_snapshot(con, project.snapshot_path)
    return ImportResult(str(path), coder, len(rows), len(new) - len(replaced), unchanged,
                        len(replaced), skipped, sorted({rnd for _, rnd, _ in checked}))


def adjudicate_unit(project: Project, unit_id: str, adjudicator: str, values: dict[str, Any],
                    *, replace: bool = False) -> ImportResult:
    """Record one unit's final labels given on the command line."""

    check_coder(adjudicator)
    raw = RawRow(0, f"unit {unit_id}", unit_id, values)
    with db.writer(project.warehouse_path, timeout=db.lock_timeout(project.config)) as con:
        (_, rnd, coding), = validate(con, [raw])
        check_third_person(con, adjudicator, [raw])
        old = con.execute("select adjudicator, history, territory, nationalist, conciliatory, target, severity, "
                          "note from audit_adjudications where unit_id = ?", [unit_id]).fetchall()
        same = bool(old) and (old[0][0], Coding(*old[0][1:-1])) == (adjudicator, coding)
        note = _note(values)
        if same and (note is None or note == old[0][-1]):  # no --note given keeps the note recorded
            return ImportResult("cli", adjudicator, 1, 0, 1, 0, 0, [rnd])
        if old and not same and not replace:  # a new note alone is kept
            raise AuditError(f"unit {unit_id} was already adjudicated by {old[0][0]}; use --replace to overwrite")
        check_disputed(con, [raw])
        rec = {"audit_round": rnd, "unit_id": unit_id, "adjudicator": adjudicator,
               **{k: getattr(coding, k) for k in FIELDS}, "note": note,
               "source": "cli", "decided_at": datetime.now(UTC)}
        with db.transaction(con):
            con.execute("delete from audit_adjudications where unit_id = ?", [unit_id])
            db.insert_rows(con, "audit_adjudications", [rec])
        db.publish_snapshot(con, project.snapshot_path)
    return ImportResult("cli", adjudicator, 1, 0 if old else 1, 0, 1 if old else 0, 0, [rnd])
