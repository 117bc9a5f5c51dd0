"""``rdi audit report``: the state of every round, agreement, error rates, which rates the
index uses, and the human index check (methodology §6.6 step 5).

Human index check: the view ``audit_quarterly`` gives, per actor and audited quarter, the
human-coded hostile share and the machine-flagged share over the same audit units weighted
by 1 / inclusion probability; the report gives their Pearson correlation over all
actor-quarters and, per actor, over its quarters (when it has at least three).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.audit import AuditError, open_snapshot
from pipeline.audit.rates import (RatesResult, compute_rates, index_floor, index_rounds, round_info,
                                  round_table)
from pipeline.config import Project

MIN_POINTS = 3
TARGET_CORRELATION = 0.8  # pre-registered (methodology §6.6)


def correlation(x: list[float], y: list[float]) -> float | None:
    """Pearson r, or None with fewer than three points or no variation."""
    if len(x) < MIN_POINTS:
        return None
    a, b = np.asarray(x, float), np.asarray(y, float)
    if a.std() == 0 or b.std() == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


@dataclass
class AuditReport:
    """Everything ``rdi audit report`` shows."""

    model_version: str
    rounds: list[dict[str, Any]] = field(default_factory=list)
    index_rounds: list[str] = field(default_factory=list)
    index_skipped: list[str] = field(default_factory=list)
    index_error_rates: dict[str, str] = field(default_factory=dict)
    rates: RatesResult | None = None
    quarterly: list[dict[str, Any]] = field(default_factory=list)
    correlation_all: float | None = None
    correlation_by_actor: dict[str, float | None] = field(default_factory=dict)
    target_correlation: float = TARGET_CORRELATION


def report(project: Project) -> AuditReport:
    """Collect the audit report from the snapshot."""
    import json

    con = open_snapshot(project)
    try:
        model = con.execute("select any_value(model_version) from current_model").fetchone()[0]
        rounds = round_table(con)
        if not rounds:
            raise AuditError("no audit round yet; run rdi audit sample --quarter YYYYQn")
        out = AuditReport(model or "", rounds)
        if model:
            out.index_rounds, out.index_skipped = index_rounds(con, model)
            mine = [r[0] for r in round_info(con, None, model)]
            if mine:
                out.rates = compute_rates(con, mine, floor=index_floor(project.config))
        latest = con.execute("select error_rates from index_releases order by release_id desc limit 1").fetchall()
        if latest:
            out.index_error_rates = {k: v.get("source") for k, v in json.loads(latest[0][0]).items()}
        cur = con.execute("select * from audit_quarterly")
        cols = [d[0] for d in cur.description]
        out.quarterly = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    q = out.quarterly
    out.correlation_all = correlation([r["human_share"] for r in q], [r["machine_share"] for r in q])
    for actor in sorted({r["actor"] for r in q}):
        mine = [r for r in q if r["actor"] == actor]
        out.correlation_by_actor[actor] = correlation([r["human_share"] for r in mine],
                                                      [r["machine_share"] for r in mine])
    return out
