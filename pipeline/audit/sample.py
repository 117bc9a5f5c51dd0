"""``rdi audit sample``: draw a quarter's stratified audit sample with known inclusion probabilities.

Per language, strata G (machine-flagged), E (unflagged, mentions a partner or hits the
history/territory lexicon) and R (the rest) get 40 / 40 / 20 % of ``per_language`` (60 / 60 /
30 of 150, methodology §6.6). A stratum with fewer units than asked is taken whole (inclusion
probability 1); nothing is reallocated. Draws are simple random samples without replacement
from the stratum's units in unit_id order, seeded by (seed, round, language, stratum), so the
same warehouse and seed always give the same sample. Units already audited in any round or
carrying a ``unit_id`` in the training corpus are never drawn.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.audit import AuditError
from pipeline.config import Project
from warehouse import db, sqlfiles

STRATA = ("G", "E", "R")
SHARES = {"G": 0.4, "E": 0.4, "R": 0.2}
DEFAULT_PER_LANGUAGE = 150
DEFAULT_SEED = 20130101
_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass
class StratumDraw:
    """One language x stratum of a round."""

    lang: str
    stratum: str
    population: int
    asked: int
    sampled: int
    incl_prob: float | None


@dataclass
class SampleResult:
    """What ``rdi audit sample`` drew (or found already drawn)."""

    audit_round: str
    model_version: str
    seed: int
    per_language: int
    created: bool
    units: int
    strata: list[StratumDraw] = field(default_factory=list)
    excluded_training: int = 0


def parse_quarter(text: str) -> tuple[str, date, date]:
    """``2026Q3`` -> ('2026Q3', 2026-07-01, 2026-09-30)."""
    m = _QUARTER_RE.match((text or "").strip().upper())
    if not m:
        raise AuditError(f"bad quarter {text!r}: want YYYYQn, e.g. 2026Q3")
    year, q = int(m.group(1)), int(m.group(2))
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return f"{year}Q{q}", start, date.fromordinal(end.toordinal() - 1)


def allocation(per_language: int) -> dict[str, int]:
    """Units asked per stratum: 40 / 40 / 20 % of ``per_language`` (R takes the rounding)."""
    if per_language < 5:
        raise AuditError(f"--per-language must be at least 5 (so that every stratum gets a unit), got {per_language}")
    g = round(per_language * SHARES["G"])
    e = round(per_language * SHARES["E"])
    return {"G": g, "E": e, "R": per_language - g - e}


def lexicon_terms(pattern_dir: Path | None = None) -> list[dict[str, str]]:
    """Normalised history and territory lexicon terms per language (the broad net of stratum E),
    from ``pattern_dir`` (the scoring model's lexicons, nlp/tagger.py ``lexicon_dir_of``), else
    ``nlp/patterns/``."""
    from nlp.labels import LANGS
    from nlp.patterns import PATTERN_DIR, read_rules

    rows = []
    for lang in LANGS:
        for kind in ("history", "territory"):
            for rule in read_rules(kind, lang, pattern_dir or PATTERN_DIR):
                rows.extend({"lang": lang, "term": p.replace(" ", "").lower()} for p in rule.patterns)
    return [dict(t) for t in {tuple(r.items()) for r in rows}]


def training_unit_ids() -> frozenset[str]:
    """Warehouse unit ids named by the training corpus (rows' optional ``unit_id`` field)."""
    from nlp.corpus import corpus_unit_ids

    return corpus_unit_ids()


def _rng(seed: int, *key: str) -> np.random.Generator:
    tag = zlib.crc32("|".join(key).encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, tag])))


def draw(population: dict[str, list[dict[str, Any]]], asked: dict[str, int], seed: int,
         audit_round: str, lang: str) -> tuple[list[dict[str, Any]], list[StratumDraw]]:
    """Draw each stratum of one language; return the sampled rows and the stratum table."""
    rows, strata = [], []
    for stratum in STRATA:
        units = sorted(population.get(stratum, []), key=lambda r: r["unit_id"])
        big_n, want = len(units), asked[stratum]
        n = min(want, big_n)
        prob = None if big_n == 0 else n / big_n
        if n:
            picks = _rng(seed, audit_round, lang, stratum).choice(big_n, size=n, replace=False)
            for rank, i in enumerate(picks, 1):
                rows.append({**units[int(i)], "incl_prob": prob, "draw_rank": rank})
        strata.append(StratumDraw(lang, stratum, big_n, want, n, prob))
    return rows, strata


def sample_round(project: Project, quarter: str, *, per_language: int = DEFAULT_PER_LANGUAGE,
                 seed: int = DEFAULT_SEED, simulated: bool = False) -> SampleResult:
    """Draw (once) the audit sample of ``quarter``; re-running with the same settings changes nothing."""
    import pyarrow as pa

    from nlp.model_files import lexicon_dir_of

    audit_round, q_start, q_end = parse_quarter(quarter)
    asked = allocation(per_language)
    if not project.warehouse_path.is_file():
        raise db.NoWarehouse(f"no warehouse at {project.warehouse_path}; run rdi load first")
    with db.writer(project.warehouse_path, timeout=db.lock_timeout(project.config)) as con:
        existing = con.execute(
            "select model_version, seed, per_language, simulated from audit_rounds where audit_round = ?",
            [audit_round]).fetchall()
        if existing:
            model, old_seed, old_n, old_sim = existing[0]
            if (old_seed, old_n, old_sim) != (seed, per_language, simulated):
                raise AuditError(
                    f"round {audit_round} was already drawn with seed {old_seed} and "
                    f"--per-language {old_n}{' (simulated)' if old_sim else ''}; "
                    "a quarter is sampled once")
            return _summary(con, audit_round, model, seed, per_language, created=False)
        row = sqlfiles.query(con, "index/current_model")
        if not row:
            raise AuditError("no tagged units in the warehouse; run rdi tag first")
        model_version = row[0][0]
        training = training_unit_ids()
        con.register("audit_lexicon", pa.Table.from_pylist(
            lexicon_terms(lexicon_dir_of(model_version)),
            schema=pa.schema([("lang", pa.string()), ("term", pa.string())])))
        con.register("audit_exclude", pa.table({"unit_id": pa.array(sorted(training), pa.string())}))
        try:
            cur = sqlfiles.run(con, "audit/population", {
                "model_version": model_version, "q_start": q_start, "q_end": q_end})
            cols = [d[0] for d in cur.description]
            population = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        finally:
            con.unregister("audit_lexicon")
            con.unregister("audit_exclude")
        if not population:
            quarters = dict(sqlfiles.query(con, "audit/quarters", {"model_version": model_version}))
            if audit_round in quarters:
                raise AuditError(f"all {quarters[audit_round]} units of {audit_round} scored by model {model_version} "
                                 "are already audited or named by the training corpus: nothing left to sample")
            held = ", ".join(f"{q} ({n})" for q, n in quarters.items()) or "none"
            raise AuditError(f"no auditable units dated in {audit_round} ({q_start}..{q_end}) scored by model "
                             f"{model_version}; quarters with scored units: {held}")
        by_lang: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for r in population:
            by_lang.setdefault(r["lang"], {}).setdefault(r["stratum"], []).append(r)
        sampled, strata = [], []
        for lang in sorted(by_lang):
            rows, st = draw(by_lang[lang], asked, seed, audit_round, lang)
            sampled.extend(rows)
            strata.extend(st)
        now = datetime.now(UTC)
        with db.transaction(con):
            con.execute("insert into audit_rounds values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [audit_round, q_start, q_end, model_version, seed, per_language,
                         json.dumps(asked), simulated, now,
                         f"{len(training)} training unit id(s) excluded" if training else None])
            db.insert_rows(con, "audit_strata", [{"audit_round": audit_round, **s.__dict__} for s in strata])
            db.insert_rows(con, "audit_sample", [{"audit_round": audit_round, **r} for r in sampled])
        result = _summary(con, audit_round, model_version, seed, per_language, created=True)
        result.excluded_training = len(training)
        db.publish_snapshot(con, project.snapshot_path)
    return result


def _summary(con: Any, audit_round: str, model: str, seed: int, per_language: int, *,
             created: bool) -> SampleResult:
    strata = [StratumDraw(*r) for r in con.execute(
        "select lang, stratum, population, asked, sampled, incl_prob from audit_strata "
        "where audit_round = ? order by lang, position(stratum in 'GER')", [audit_round]).fetchall()]
    return SampleResult(audit_round, model, seed, per_language, created,
                        sum(s.sampled for s in strata), strata)
