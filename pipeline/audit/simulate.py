"""A SIMULATED audit round, for ``rdi demo`` only: the whole loop without human coders.

Nothing here is evidence about the tagger. A simulated truth is drawn per sampled unit from
known rates (hostile with probability 0.85 in stratum G, 0.10 in E, 0.01 in R); two simulated
coders copy it with known error rates (each field wrong with probability 5 % and 10 %); a
simulated senior coder adjudicates with the truth. Coder A's answers go through a Label
Studio export file, coder B's through the CSV packet, the adjudication through the
adjudication sheet: exactly the files and commands a real round uses. The round is marked
``simulated`` and never feeds the index (AUDIT.md explains why).
"""

from __future__ import annotations

import csv
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.labels import TARGETS
from pipeline.audit.agreement import AgreementResult, agreement
from pipeline.audit.coding import FIELDS, Coding
from pipeline.audit.importer import ImportResult, import_codings
from pipeline.audit.packets import PacketResult, write_packets
from pipeline.audit.rates import RateRow, RatesResult, rates
from pipeline.audit.sample import SampleResult, sample_round
from pipeline.audit import open_snapshot
from pipeline.config import Project

TRUE_HOSTILE = {"G": 0.85, "E": 0.10, "R": 0.01}
CODERS = {"sim_coder_a": 0.05, "sim_coder_b": 0.10}
ADJUDICATOR = "sim_senior"
PARTNER = {"JP": "KR", "KR": "JP", "US": "JP"}


@dataclass
class SimulationResult:
    """Every step of the simulated round."""

    sample: SampleResult
    packets: PacketResult
    imports: list[ImportResult]
    agreement: AgreementResult
    adjudication: ImportResult | None
    rates: RatesResult
    true_rates: dict[str, dict[str, float]] = field(default_factory=dict)


def _coding(hostile: bool, conc: bool, topic: str, target: str, severity: int) -> Coding:
    framed = hostile or conc
    return Coding(history=hostile and topic == "history", territory=hostile and topic == "territory",
                  nationalist=hostile, conciliatory=conc, target=target if framed else None,
                  severity=severity if hostile else 0)


def _truth(units: list[dict[str, Any]], rng: np.random.Generator) -> dict[str, dict[str, Any]]:
    out = {}
    for u in units:
        target = u["machine_target"] if u["machine_target"] in TARGETS and u["machine_target"] != u["country"] \
            else PARTNER[u["country"]]
        out[u["unit_id"]] = {
            "hostile": bool(rng.random() < TRUE_HOSTILE[u["stratum"]]),
            "conc": bool(rng.random() < 0.15), "target": target,
            "topic": "territory" if rng.random() < 0.3 else "history",
            "severity": int(u["machine_severity"]) if u["machine_severity"] else int(rng.integers(1, 4)),
        }
    return out


def _coder_view(truth: dict[str, Any], error: float, rng: np.random.Generator) -> Coding:
    hostile = truth["hostile"] != bool(rng.random() < error)
    conc = truth["conc"] != bool(rng.random() < error)
    severity = truth["severity"]
    if rng.random() < error:
        severity = min(3, severity + 1) if severity < 3 else 2
    return _coding(hostile, conc, truth["topic"], truth["target"], severity)


def _values(c: Coding) -> dict[str, str]:
    return {"history": "yes" if c.history else "no", "territory": "yes" if c.territory else "no",
            "nationalist": "yes" if c.nationalist else "no",
            "conciliatory": "yes" if c.conciliatory else "no",
            "target": c.target or "none", "severity": str(c.severity)}


def _label_studio_export(tasks_file: Path, codings: dict[str, Coding], out: Path) -> Path:
    tasks = json.loads(tasks_file.read_text("utf-8"))
    for n, task in enumerate(tasks, 1):
        vals = _values(codings[task["data"]["unit_id"]])
        task.update(id=n, annotations=[{"id": n, "completed_by": 1, "was_cancelled": False, "result": [
            {"from_name": k, "to_name": "text", "type": "choices", "value": {"choices": [v]}}
            for k, v in vals.items()]}])
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), "utf-8")
    return out


def _fill_csv(csv_file: Path, codings: dict[str, Coding], out: Path) -> Path:
    with open(csv_file, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames or [], list(reader)
    for r in rows:
        r.update({k: v for k, v in _values(codings[r["unit_id"]]).items() if k in FIELDS})
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return out


def simulate_round(project: Project, quarter: str, *, seed: int = 20261202) -> SimulationResult:
    """Run one simulated round of ``quarter`` end to end (sample -> rates)."""
    sample = sample_round(project, quarter, seed=seed, simulated=True)
    packets = write_packets(project, sample.audit_round, list(CODERS))
    out = Path(packets.out_dir)
    con = open_snapshot(project)
    try:
        cur = con.execute("select unit_id, lang, country, stratum, machine_target, machine_severity "
                          "from audit_sample where audit_round = ? order by unit_id", [sample.audit_round])
        cols = [d[0] for d in cur.description]
        units = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        strata = con.execute("select lang, stratum, population from audit_strata where audit_round = ?",
                             [sample.audit_round]).fetchall()
    finally:
        con.close()
    truth = _truth(units, np.random.default_rng([seed, 1]))
    imports = []
    for i, (coder, error) in enumerate(CODERS.items()):
        rng = np.random.default_rng([seed, zlib.crc32(coder.encode())])
        codings = {uid: _coder_view(t, error, rng) for uid, t in truth.items()}
        if i == 0:
            done = _label_studio_export(out / f"{coder}.tasks.json", codings, out / f"{coder}.export.json")
        else:
            done = _fill_csv(out / f"{coder}.csv", codings, out / f"{coder}.coded.csv")
        imports.append(import_codings(project, done, coder))
    agreed = agreement(project, sample.audit_round)
    adjudication = None
    if agreed.adjudication_file:
        final = {uid: _coding(t["hostile"], t["conc"], t["topic"], t["target"], t["severity"])
                 for uid, t in truth.items()}
        sheet = _fill_csv(Path(agreed.adjudication_file), final, out / "adjudication.decided.csv")
        adjudication = import_codings(project, sheet, ADJUDICATOR, table="audit_adjudications")
    measured = rates(project, sample.audit_round)
    return SimulationResult(sample, packets, imports, agreed, adjudication, measured,
                            _true_rates(strata))


def _true_rates(strata: list[tuple[str, str, int]]) -> dict[str, dict[str, float]]:
    """Se, Sp and precision implied by the simulated truth over each language's population."""
    out = {}
    for lang in sorted({s[0] for s in strata}):
        n = {st: pop for lg, st, pop in strata if lg == lang}
        tp = n.get("G", 0) * TRUE_HOSTILE["G"]
        fp = n.get("G", 0) - tp
        fn = n.get("E", 0) * TRUE_HOSTILE["E"] + n.get("R", 0) * TRUE_HOSTILE["R"]
        tn = n.get("E", 0) + n.get("R", 0) - fn
        out[lang] = {"se": tp / (tp + fn) if tp + fn else float("nan"),
                     "sp": tn / (tn + fp) if tn + fp else float("nan"),
                     "precision": tp / (tp + fp) if tp + fp else float("nan")}
    return out


def demo_quarter(project: Project) -> str:
    """The last complete quarter of the scored units (the quarter of the latest unit if it ends then)."""
    con = open_snapshot(project)
    try:
        last = con.execute("select max(unit_date) from scored_units").fetchone()[0]
    finally:
        con.close()
    return last_full_quarter(last.year, last.month, last.day)


def last_full_quarter(year: int, month: int, day: int = 31) -> str:
    """The last quarter complete on ``year-month-day`` (the current one only on its last month's end)."""
    import calendar

    q = (month - 1) // 3 + 1
    if month % 3 or day < calendar.monthrange(year, month)[1]:  # this quarter is not complete yet
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return f"{year}Q{q}"


def _num(x: float | None) -> str:
    return "–" if x is None or x != x else f"{x:.2f}"


def _rate_text(row: RateRow, m: str) -> str:
    """'0.80 [0.60, 0.90]', or 'not estimable (<reason>)': never an interval without a point."""
    v = row.values
    if v[m] is None:
        return f"not estimable ({row.not_estimable.get(m, 'no estimate')})"
    return f"{_num(v[m])} [{_num(v[f'{m}_lo'])}, {_num(v[f'{m}_hi'])}]"


def summary_lines(sim: SimulationResult) -> list[str]:
    """What the demo prints about its simulated round."""
    r = sim.rates
    lines = [
        f"round {sim.sample.audit_round}: {sim.sample.units} units sampled "
        f"(strata G/E/R per language), coded by 2 simulated coders "
        f"({', '.join(f'{c} {e:.0%} errors' for c, e in CODERS.items())}) via a Label Studio export and a CSV; "
        f"{len(sim.agreement.disagreements)} disagreement(s) adjudicated by a simulated senior coder",
        "  alpha (hostile): " + ", ".join(
            f"{a.lang} {'n/a' if a.alpha is None else f'{a.alpha:.2f}'}" for a in sim.agreement.alphas
            if a.label == "hostile"),
    ]
    for row in r.rows:
        if row.channel_type != "all":
            continue
        t = sim.true_rates.get(row.lang, {})
        lines.append(f"  {row.lang}: Se {_rate_text(row, 'se')} (simulated truth {_num(t.get('se'))}), "
                     f"Sp {_rate_text(row, 'sp')} (truth {_num(t.get('sp'))})")
    lines.append("  simulated labels are no evidence about the tagger: rdi index skips this round and keeps "
                 "the model's or the default error rates (release notes and manifest say so; AUDIT.md §8)")
    return lines
