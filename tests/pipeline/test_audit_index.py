"""The index uses complete, non-simulated audit rounds for Se/Sp (the manifest says so), and
its intervals widen when the audit is small."""

from __future__ import annotations

import json

import pyarrow as pa

from pipeline.audit.rates import index_rounds
from pipeline.audit.sample import sample_round
from pipeline.export import export_release
from pipeline.index import build_index
from warehouse import db


def _code_round(project, audit_round, *, coders=("ann", "ben")):
    """Both coders agree with the tagger except on every 4th flagged unit (a false positive)."""
    with db.writer(project.warehouse_path) as con:
        rows = con.execute("select unit_id, country, machine_hostile from audit_sample "
                           "where audit_round = ? order by unit_id", [audit_round]).fetchall()
        recs = []
        for i, (uid, country, hostile) in enumerate(rows):
            human = hostile and i % 4 != 0
            target = ("KR" if country == "JP" else "JP") if human else None
            for c in coders:
                recs.append({"audit_round": audit_round, "unit_id": uid, "coder": c, "history": human,
                             "territory": False, "nationalist": human, "conciliatory": False, "target": target,
                             "severity": 2 if human else 0, "note": None, "source_file": "t.csv",
                             "source_row": i + 2, "imported_at": "2026-01-01T00:00:00Z"})
        t = pa.Table.from_pylist(recs)  # noqa: F841
        con.execute("insert into audit_codings by name select * from t")
        db.publish_snapshot(con, project.snapshot_path)


def _width(snap, release_id):
    return snap("select avg(share_adj_hi90 - share_adj_lo90) from index_values where release_id = ? "
                "and target = 'ALL' and n_units > 0", [release_id])


def test_index_uses_audit_rates_and_intervals_widen_when_the_audit_is_small(scored_warehouse, snap, tmp_path):
    project = scored_warehouse(months=30)
    before = build_index(project, draws=400)
    assert "audit" not in before.error_rates

    sample_round(project, "2024Q3", per_language=150, seed=1, simulated=True)
    _code_round(project, "2024Q3")
    with db.writer(project.warehouse_path) as con:
        assert index_rounds(con, "m-test") == ([], ["2024Q3 simulated"])
        con.execute("update audit_rounds set simulated = false")
        db.publish_snapshot(con, project.snapshot_path)

    big = build_index(project, draws=400)
    rates = json.loads(snap("select error_rates from index_releases where release_id = ?", [big.release_id]))
    assert {lg: r["source"] for lg, r in rates.items() if lg in ("ja", "ko")} == \
        {"ja": "audit:2024Q3", "ko": "audit:2024Q3"}
    assert rates["en"]["source"] != "audit:2024Q3"  # no English units: model or default rates
    # hand check: the coders reject every 4th flagged unit, so precision < 1 and Sp < 1
    assert rates["ko"]["fp"] > 0 and rates["ko"]["sp_mean"] < 1
    alpha = snap("select min(audit_alpha), max(audit_alpha) from index_monthly where actor = 'KR'", rows=True)[0]
    assert alpha == (1.0, 1.0)  # the two coders agree everywhere
    assert snap("select max(audit_se) from index_monthly where actor = 'KR'") == round(rates["ko"]["se_mean"], 4)
    release = export_release(project, "2025-06", out=tmp_path / "rel")
    manifest = json.loads((tmp_path / "rel" / "manifest.json").read_text())
    assert manifest["error_rates_source"]["ko"] == "audit:2024Q3"
    assert release.release_id == big.release_id

    # a second, complete round of only 15 units per language replaces the first
    with db.writer(project.warehouse_path) as con:
        for table in ("audit_codings", "audit_sample", "audit_strata", "audit_rounds"):
            con.execute(f"delete from {table}")
        db.publish_snapshot(con, project.snapshot_path)
    sample_round(project, "2024Q4", per_language=15, seed=1)
    _code_round(project, "2024Q4")
    project.config["audit"] = {"min_positives": 1, "min_negatives": 1}  # below the default floor (test below)
    small = build_index(project, draws=400)
    small_rates = json.loads(snap("select error_rates from index_releases where release_id = ?", [small.release_id]))
    assert small_rates["ko"]["source"] == "audit:2024Q4"
    assert sum(small_rates["ko"]["se_beta"]) < sum(rates["ko"]["se_beta"])  # a flatter Se posterior
    assert _width(snap, small.release_id) > 1.2 * _width(snap, big.release_id)

    # an incomplete round (a unit coded once) does not feed the index
    with db.writer(project.warehouse_path) as con:
        con.execute("delete from audit_codings where coder = 'ben' and unit_id = "
                    "(select min(unit_id) from audit_sample)")
        db.publish_snapshot(con, project.snapshot_path)
    after = build_index(project, draws=400)
    assert "audit:" not in snap("select error_rates from index_releases where release_id = ?", [after.release_id])
    assert "2024Q4 incomplete (1 of" in snap("select notes from index_releases where release_id = ?",
                                             [after.release_id])


def test_a_round_below_the_floor_is_not_applied_and_every_output_says_why(scored_warehouse, snap, tmp_path):
    """A 10-unit round would drive the correction by a handful of units: rdi index falls back to
    the rates it uses without an audit, and rdi index, the release notes, the manifest and rdi
    audit rates say why; lowering [audit] min_positives / min_negatives in rdi.toml applies it."""
    from tests.pipeline.test_cli_errors import rdi

    project = scored_warehouse(months=30)
    home = ["--home", str(project.home)]
    without = build_index(project, draws=400)
    sources = json.loads(snap("select error_rates from index_releases where release_id = ?",
                              [without.release_id]))
    sample_round(project, "2024Q4", per_language=10, seed=1)
    _code_round(project, "2024Q4")
    res = rdi("index", "--draws", "400", "--json", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    tiny = json.loads(res.stdout)
    rates = json.loads(snap("select error_rates from index_releases where release_id = ?", [tiny["release_id"]]))
    assert rates == sources  # exactly what the index used before the round
    for lang in ("ja", "ko"):
        assert f"{lang}=default (audit 2024Q4 not applied: " in tiny["error_rates"]
    assert "fewer than the 20 and 50 needed ([audit] min_positives / min_negatives in rdi.toml)" \
        in tiny["error_rates"]
    notes = snap("select notes from index_releases where release_id = ?", [tiny["release_id"]])
    assert "ko=default (audit 2024Q4 not applied: " in notes
    export_release(project, "2025-06", out=tmp_path / "rel")
    manifest = json.loads((tmp_path / "rel" / "manifest.json").read_text())
    assert manifest["error_rates_source"]["ko"] == "default"
    assert "ko=default (audit 2024Q4 not applied: " in manifest["notes"]
    res = rdi("audit", "rates", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "ko: too few audited units for the index to apply these rates: " in res.stdout
    assert "rdi index uses the model's test-set rates or the default for it instead" in res.stdout
    assert json.loads(rdi("audit", "rates", "--json", *home).stdout)["too_few"].keys() == {"ja", "ko"}

    (project.home / "rdi.toml").write_text("[audit]\nmin_positives = 1\nmin_negatives = 1\n", "utf-8")
    res = rdi("index", "--draws", "400", "--json", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    applied = json.loads(snap("select error_rates from index_releases where release_id = ?",
                              [json.loads(res.stdout)["release_id"]]))
    assert applied["ko"]["source"] == applied["ja"]["source"] == "audit:2024Q4"
    assert "too few" not in rdi("audit", "rates", *home).stdout
    (project.home / "rdi.toml").write_text("[audit]\nmin_positives = 0\n", "utf-8")
    res = rdi("index", *home)
    assert res.returncode != 0 and "[audit] min_positives in rdi.toml must be an integer >= 1" in res.stderr


def test_test_set_rates_draw_and_describe_exactly_as_before():
    """Without an audit nothing changes: same draws, same release JSON (hence the same vintage key)."""
    import numpy as np

    from warehouse import rdi
    from warehouse.errorrates import LangRates, draw_rates

    r = LangRates("ja", 16, 3, 4, 997, "default")
    se, sp = draw_rates(r, 500, 7)
    se0, sp0 = rdi.draw_error_rates(16, 3, 4, 997, 500, 7, "ja")
    assert np.array_equal(se, se0) and np.array_equal(sp, sp0)
    assert json.dumps(r.describe()) == (
        '{"lang": "ja", "tp": 16, "fp": 3, "fn": 4, "tn": 997, "source": "default", '
        '"se_beta": [17, 5], "sp_beta": [998, 4], "se_mean": 0.7727, "sp_mean": 0.996}')
