"""Coding packets: Label Studio tasks + labeling config, and a plain CSV, one set per coder.

Coders are blind: a packet holds the unit's text, the reporter's question (context) and
where the text comes from, never the tagger's scores, flags or targets, nor the stratum. Each
coder gets every unit of the round in an order of their own (seeded by round and coder).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from crawlers.files import write_atomic
from nlp.labels import LABELS, TARGETS
from pipeline.audit import AuditError, open_snapshot
from pipeline.audit.sample import parse_quarter
from pipeline.config import Project
from warehouse import sqlfiles

INFO_COLUMNS = ("unit_id", "lang", "channel", "speaker", "date", "url", "context", "text")
CODE_COLUMNS = (*LABELS, "target", "severity", "note")
CSV_COLUMNS = (*INFO_COLUMNS, *CODE_COLUMNS)
_CODER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_LABEL_HINTS = {
    "history": "contested shared history (colonial rule, comfort women, wartime labour, Yasukuni, textbooks, past apologies)",
    "territory": "a disputed territory or sea name (Dokdo/Takeshima, East Sea/Sea of Japan)",
    "nationalist": "adversarial national framing aimed at another country (protest, demand, accusation, sovereignty claim)",
    "conciliatory": "forward-looking or cooperative framing toward a partner",
}


def check_coder(name: str) -> str:
    """A coder name: letters, digits, ``_ . -`` (used in file names and the warehouse)."""
    if not _CODER_RE.match(name or ""):
        raise AuditError(f"bad coder name {name!r}: use Latin letters a-z, digits, '_', '.' or '-' "
                         "(at most 40, starting with a letter or digit; e.g. minji or kim.minji)")
    return name


def label_config() -> str:
    """Label Studio labeling config: the reporter's question as context, the six fields to code."""
    yes_no = "\n".join(
        f'  <Header value="{name}: {hint}" size="6"/>\n'
        f'  <Choices name="{name}" toName="text" choice="single" required="true" showInline="true">\n'
        f'    <Choice value="yes"/><Choice value="no"/>\n  </Choices>'
        for name, hint in _LABEL_HINTS.items())
    targets = "".join(f'<Choice value="{t}"/>' for t in (*TARGETS, "none"))
    return f"""<View>
  <Header value="Reporter's question (context only: never coded)" size="5"/>
  <Text name="context" value="$context"/>
  <Header value="Official text to code" size="5"/>
  <Text name="source" value="$source"/>
  <Text name="text" value="$text"/>
{yes_no}
  <Header value="target: the country the nationalist or conciliatory framing is aimed at (none if neither)" size="6"/>
  <Choices name="target" toName="text" choice="single" required="true" showInline="true">
    {targets}
  </Choices>
  <Header value="severity: 0 not nationalist, 1 ritual regret, 2 protest/accusation/demand, 3 threat/derogation" size="6"/>
  <Choices name="severity" toName="text" choice="single" required="true" showInline="true">
    <Choice value="0"/><Choice value="1"/><Choice value="2"/><Choice value="3"/>
  </Choices>
  <TextArea name="note" toName="text" placeholder="Optional: why (hard cases)" rows="2"/>
</View>
"""


@dataclass
class PacketResult:
    """Files written for one round."""

    audit_round: str
    out_dir: str
    units: int
    files: list[str] = field(default_factory=list)


def packet_rows(con: Any, audit_round: str) -> list[dict[str, Any]]:
    """The blind packet rows of a round (see warehouse/sql/audit/packet.sql)."""
    cur = sqlfiles.run(con, "audit/packet", {"audit_round": audit_round})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _order(rows: list[dict[str, Any]], audit_round: str, coder: str) -> list[dict[str, Any]]:
    seed = zlib.crc32(f"{audit_round}|{coder}".encode())
    perm = np.random.default_rng(seed).permutation(len(rows))
    return [rows[int(i)] for i in perm]


def _write(path: Path, text: str) -> None:
    """Write atomically; CSV gets a UTF-8 byte-order mark so spreadsheets read Korean and Japanese."""
    write_atomic(path, text, encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8", newline="")


def sheet_rows(text: str) -> csv.DictReader[str]:
    """The records of a CSV sheet as a spreadsheet may save it: cells separated by ``,`` or (some
    locales) ``;`` or tab, whichever the header line uses most; a quoted cell may hold any line break."""
    header = text.partition("\n")[0]
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=max((",", ";", "\t"), key=header.count))


def filled_units(path: Path) -> set[str]:
    """Unit ids of the rows of an existing CSV sheet whose code columns someone has filled in."""
    if not path.is_file():
        return set()
    return {r.get("unit_id") or "" for r in sheet_rows(path.read_text("utf-8-sig", errors="replace"))
            if any((r.get(k) or "").strip() for k in CODE_COLUMNS)}


def csv_text(rows: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> str:
    """CSV with the packet columns (code columns left empty unless present in the rows)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*INFO_COLUMNS, *extra, *CODE_COLUMNS], extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r[k]) for k in writer.fieldnames})
    return buf.getvalue()


def _source(row: dict[str, Any]) -> str:
    """One line telling the coder where the text comes from (shown above it in Label Studio)."""
    return " · ".join(str(row[k]) for k in ("lang", "channel", "speaker", "date", "url") if row.get(k))


def write_packets(project: Project, quarter: str, coders: list[str], out: Path | None = None) -> PacketResult:
    """Write ``label_config.xml`` and, per coder, ``<coder>.tasks.json`` and ``<coder>.csv``."""
    audit_round = parse_quarter(quarter)[0]
    if not coders:
        raise AuditError("name at least one coder (--coder NAME, repeatable)")
    for c in coders:
        check_coder(c)
    con = open_snapshot(project)
    try:
        rows = packet_rows(con, audit_round)
    finally:
        con.close()
    if not rows:
        raise AuditError(f"round {audit_round} has no sample; run rdi audit sample --quarter {audit_round}")
    out = Path(out) if out is not None else project.home / "audit" / audit_round
    for coder in coders:
        if filled_units(out / f"{coder}.csv"):
            raise AuditError(f"{out / f'{coder}.csv'} already holds codings; import it (rdi audit import) "
                             "and move it away before writing a new packet")
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "label_config.xml"]
    _write(files[0], label_config())
    for coder in coders:
        ordered = _order(rows, audit_round, coder)
        tasks = [{"data": {**{k: ("" if r[k] is None else r[k]) for k in INFO_COLUMNS}, "source": _source(r)}}
                 for r in ordered]
        tasks_path, csv_path = out / f"{coder}.tasks.json", out / f"{coder}.csv"
        _write(tasks_path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
        _write(csv_path, csv_text(ordered))
        files += [tasks_path, csv_path]
    return PacketResult(audit_round, str(out), len(rows), [str(f) for f in files])
