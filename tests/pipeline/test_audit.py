"""rdi audit: strata and inclusion probabilities, blind packets, Label Studio round trip,
validated all-or-nothing import, Krippendorff's alpha, weighted rates, separation from training."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pytest

from pipeline.audit import AuditError
from pipeline.audit import sample as sample_mod
from pipeline.audit.agreement import agreement, alpha, alphas_for
from pipeline.audit.coding import Coding, parse_coding
from pipeline.audit.estimate import Cell, draws, point
from pipeline.audit.importer import import_codings
from pipeline.audit.packets import write_packets
from pipeline.audit.sample import allocation, parse_quarter, sample_round

QUARTER = "2024Q3"  # the last quarter of scored_warehouse(first_year=2024, months=9)


def _coding_values(c: Coding) -> dict[str, str]:
    return {"history": "yes" if c.history else "no", "territory": "yes" if c.territory else "no",
            "nationalist": "yes" if c.nationalist else "no", "conciliatory": "yes" if c.conciliatory else "no",
            "target": c.target or "none", "severity": str(c.severity)}


HOSTILE_JP = Coding(True, False, True, False, "JP", 2)
HOSTILE_KR = Coding(True, False, True, False, "KR", 2)
CALM = Coding(False, False, False, False, None, 0)


def test_quarter_and_allocation():
    rnd, start, end = parse_quarter("2026q3")
    assert (rnd, str(start), str(end)) == ("2026Q3", "2026-07-01", "2026-09-30")
    assert str(parse_quarter("2024Q4")[2]) == "2024-12-31"
    assert allocation(150) == {"G": 60, "E": 60, "R": 30}
    with pytest.raises(AuditError, match="bad quarter"):
        parse_quarter("2026-07")
    from pipeline.audit.simulate import last_full_quarter

    assert last_full_quarter(2026, 10, 30) == "2026Q3"
    assert last_full_quarter(2026, 9, 29) == "2026Q2"
    assert last_full_quarter(2026, 9, 30) == "2026Q3"
    assert last_full_quarter(2027, 2, 1) == "2026Q4"


def test_strata_sizes_inclusion_probabilities_and_reproducibility(scored_warehouse, snap, monkeypatch):
    project = scored_warehouse(first_year=2024, months=9)
    excluded = snap("select min(unit_id) from units where unit_date between '2024-07-01' and '2024-09-30' "
                    "and lang = 'ko'")
    monkeypatch.setattr(sample_mod, "training_unit_ids", lambda: {excluded})
    res = sample_round(project, QUARTER, per_language=150, seed=7)
    assert res.created and res.excluded_training == 1
    # populations computed independently from the warehouse (every flag row here names a partner)
    pop = snap("with s as (select u.unit_id, u.lang, case when bool_or(f.hostile) then 'G' "
               "when count(f.unit_id) > 0 then 'E' else 'R' end as st from units u left join unit_flags f using (unit_id) "
               "where u.unit_date between '2024-07-01' and '2024-09-30' and u.unit_id <> ? group by all) "
               "select lang, st, count(*) from s group by all", [excluded], rows=True)
    expected = {(lg, st): n for lg, st, n in pop}
    asked = {"G": 60, "E": 60, "R": 30}
    got = {(s.lang, s.stratum): s for s in res.strata}
    assert set(got) == set(expected)
    for key, s in got.items():
        assert s.population == expected[key]
        assert s.sampled == min(asked[key[1]], expected[key])
        assert s.incl_prob == pytest.approx(s.sampled / s.population)
    assert any(s.sampled == s.population and s.incl_prob == 1 for s in res.strata if s.stratum == "G")
    assert any(s.incl_prob < 1 for s in res.strata)
    counts = {(lg, st): (n, p) for lg, st, n, p in snap(
        "select lang, stratum, count(*), any_value(incl_prob) from audit_sample group by all", rows=True)}
    for key, s in got.items():
        assert counts[key] == (s.sampled, pytest.approx(s.incl_prob))
    assert snap("select count(*) from audit_sample where unit_id = ?", [excluded]) == 0
    assert snap("select bool_and(machine_hostile = (stratum = 'G')) from audit_sample")
    first = sorted(snap("select unit_id from audit_sample", rows=True))
    again = sample_round(project, QUARTER, per_language=150, seed=7)
    assert not again.created and again.units == res.units
    assert sorted(snap("select unit_id from audit_sample", rows=True)) == first
    with pytest.raises(AuditError, match="already drawn with seed 7"):
        sample_round(project, QUARTER, per_language=150, seed=8)
    # same seed on the same data gives the same draw (the draw depends on nothing else)
    pops = {}
    for s_key in ("G", "E", "R"):
        pops[s_key] = [{"unit_id": f"u{i}"} for i in range(100)]
    a, _ = sample_mod.draw(pops, asked, 7, QUARTER, "ko")
    b, _ = sample_mod.draw(pops, asked, 7, QUARTER, "ko")
    c, _ = sample_mod.draw(pops, asked, 8, QUARTER, "ko")
    assert [r["unit_id"] for r in a] == [r["unit_id"] for r in b] != [r["unit_id"] for r in c]


def _export(tasks_file: Path, codings: dict[str, Coding], out: Path) -> Path:
    tasks = json.loads(tasks_file.read_text("utf-8"))
    for n, task in enumerate(tasks, 1):
        c = codings.get(task["data"]["unit_id"])
        task["id"] = n
        task["annotations"] = [] if c is None else [{"id": n, "was_cancelled": False, "completed_by": 3, "result": [
            {"from_name": k, "to_name": "text", "type": "choices", "value": {"choices": [v]}}
            for k, v in _coding_values(c).items()]}]
    out.write_text(json.dumps(tasks), "utf-8")
    return out


@pytest.fixture
def small_round(scored_warehouse, tmp_path):
    project = scored_warehouse(first_year=2024, months=9)
    sample_round(project, QUARTER, per_language=9, seed=3)
    packets = write_packets(project, QUARTER, ["ann", "ben"], tmp_path / "packets")
    return project, Path(packets.out_dir)


def test_packets_are_blind_and_label_studio_round_trips(small_round, snap, tmp_path):
    project, out = small_round
    tasks = json.loads((out / "ann.tasks.json").read_text("utf-8"))
    assert len(tasks) == 18
    keys = {k for t in tasks for k in t["data"]}
    assert keys == {"unit_id", "lang", "channel", "speaker", "date", "url", "context", "text", "source"}
    config = ElementTree.fromstring((out / "label_config.xml").read_text("utf-8"))  # well-formed XML
    choices = {c.get("name"): [x.get("value") for x in c] for c in config.iter("Choices")}
    assert choices["nationalist"] == ["yes", "no"] and choices["severity"] == ["0", "1", "2", "3"]
    assert set(choices) == {"history", "territory", "nationalist", "conciliatory", "target", "severity"}
    assert {t.get("value") for t in config.iter("Text")} == {"$context", "$source", "$text"}
    with open(out / "ben.csv", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    assert not {"stratum", "incl_prob", "machine_hostile", "score_max"} & set(header)
    hostile = {u for (u,) in snap("select unit_id from audit_sample where machine_hostile", rows=True)}
    truth = {t["data"]["unit_id"]: (HOSTILE_JP if t["data"]["unit_id"] in hostile and
                                    t["data"]["unit_id"].startswith("kr") else
                                    HOSTILE_KR if t["data"]["unit_id"] in hostile else CALM)
             for t in tasks[:-2]}  # the last two left uncoded
    export = _export(out / "ann.tasks.json", truth, tmp_path / "ann-export.json")
    res = import_codings(project, export, "ann")
    assert (res.inserted, res.skipped_uncoded) == (16, 2)
    stored = {u: Coding(*v) for u, *v in snap(
        "select unit_id, history, territory, nationalist, conciliatory, target, severity from audit_codings "
        "where coder = 'ann'", rows=True)}
    assert stored == truth
    again = import_codings(project, export, "ann")
    assert (again.inserted, again.unchanged) == (0, 16)
    assert snap("select count(*) from audit_codings") == 16
    # Label Studio's JSON-MIN export: data fields and one key per control at the top level
    first = tasks[0]["data"]
    json_min = tmp_path / "ben-min.json"
    json_min.write_text(json.dumps([{**first, "id": 1, "annotator": 3, **_coding_values(truth[first["unit_id"]])},
                                    {**tasks[1]["data"], "id": 2}]), "utf-8")
    res = import_codings(project, json_min, "ben")
    assert (res.inserted, res.skipped_uncoded) == (1, 1)
    assert snap("select count(*) from audit_codings where coder = 'ben'") == 1


def test_packets_never_overwrite_a_coders_filled_sheet(small_round, tmp_path):
    project, out = small_round
    sheet = out / "ann.csv"
    with open(sheet, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    rows[0]["nationalist"] = "no"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(AuditError, match="ann.csv already holds codings"):
        write_packets(project, QUARTER, ["ben", "ann"], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written, not even ben's
    write_packets(project, QUARTER, ["ben"], out)  # a blank sheet may be written again


@pytest.mark.parametrize(("edit", "message"), [
    (lambda rows: rows[1].update(nationalist="maybe"), "row 3: unknown value 'maybe' for nationalist"),
    (lambda rows: rows[2].update(unit_id="nope:1"), "row 4: unit 'nope:1' is not in any audit sample"),
    (lambda rows: rows[3].update(unit_id=rows[0]["unit_id"]), "row 5: unit .* coded twice in this file"),
    (lambda rows: rows[1].update(target="XX"), "row 3: unknown target 'XX'"),
    (lambda rows: rows[1].update(nationalist="1", severity="0", target="JP"), "row 3: nationalist needs severity"),
])
def test_malformed_import_names_the_row_and_changes_nothing(small_round, snap, tmp_path, edit, message):
    project, out = small_round
    with open(out / "ben.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    for r in rows:
        r.update(_coding_values(CALM))
    edit(rows)
    bad = tmp_path / "ben-coded.csv"
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(AuditError, match=message):
        import_codings(project, bad, "ben")
    assert snap("select count(*) from audit_codings") == 0


def test_cli_import_error_is_one_line(small_round, tmp_path):
    from tests.pipeline.test_cli_errors import rdi

    project, out = small_round
    bad = tmp_path / "x.csv"
    bad.write_text("unit_id,history,territory,nationalist,conciliatory,target,severity,hostility\n", "utf-8")
    res = rdi("audit", "import", str(bad), "--coder", "ben", "--home", str(project.home))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines() == ["error: x.csv: unknown column 'hostility' (want unit_id, lang, "
                                               "channel, speaker, date, url, context, text, history, territory, "
                                               "nationalist, conciliatory, target, severity, note)"]


def test_codebook_rules_on_codings():
    with pytest.raises(AuditError, match="own government"):
        parse_coding(_coding_values(HOSTILE_JP), "row 2", speaker_country="JP")
    with pytest.raises(AuditError, match="target KR set without"):
        parse_coding({**_coding_values(CALM), "target": "KR"}, "row 2")
    assert parse_coding(_coding_values(HOSTILE_JP), "row 2", speaker_country="KR").hostile


def test_krippendorff_alpha_matches_hand_computation():
    # 2 coders x 4 units, nominal: coincidences o11 = 2, o10 = o01 = 1, o00 = 4 (n = 8, n0 = 5, n1 = 3)
    # D_o = 2/8, D_e = 2 * 5 * 3 / (8 * 7) = 30/56, alpha = 1 - D_o / D_e = 16/30
    m = np.array([[1, 1, 0, 0], [1, 0, 0, 0]], dtype=float)
    assert alpha(m, "nominal") == pytest.approx(16 / 30)
    # a missing coding drops the unit: units 1, 3, 4 -> o11 = 2, o00 = 4, perfect agreement
    m2 = np.array([[1, 1, 0, 0], [1, np.nan, 0, 0]])
    assert alpha(m2, "nominal") == pytest.approx(1.0)
    assert alpha(np.zeros((2, 3)), "nominal") is None  # no variation: undefined
    codings = {"ko": {"u1": {"a": HOSTILE_JP, "b": HOSTILE_JP}, "u2": {"a": HOSTILE_JP, "b": CALM},
                      "u3": {"a": CALM, "b": CALM}, "u4": {"a": CALM, "b": CALM}}}
    rows = {r.label: r for r in alphas_for(codings)}
    assert rows["hostile"].alpha == pytest.approx(16 / 30)
    assert rows["nationalist"].alpha == pytest.approx(16 / 30)
    assert rows["conciliatory"].alpha is None and rows["hostile"].units == 4


def test_weighted_rates_match_hand_computation():
    cells = [Cell(True, 10, 8, 0.5), Cell(False, 10, 2, 0.1), Cell(False, 5, 0, 0.01)]
    # TP = 2*8 = 16, FP = 2*2 = 4, FN = 10*2 = 20, TN = 10*8 + 100*5 = 580
    est = point(cells)
    assert (est["tp"], est["fp"], est["fn"], est["tn"]) == pytest.approx((16, 4, 20, 580))
    assert est["se"] == pytest.approx(16 / 36) and est["recall"] == est["se"]
    assert est["sp"] == pytest.approx(580 / 584)
    assert est["precision"] == pytest.approx(0.8)
    big = draws([Cell(c.machine, c.n * 20, c.x * 20, c.incl_prob * 20) for c in cells], seed=1)
    small = draws(cells, seed=1)
    assert np.percentile(big["se"], 97.5) - np.percentile(big["se"], 2.5) < \
        0.5 * (np.percentile(small["se"], 97.5) - np.percentile(small["se"], 2.5))


def _gold(machine: bool, human: bool, n: int, stratum: str, incl_prob: float) -> list[dict[str, Any]]:
    return [{"audit_round": QUARTER, "lang": "en", "stratum": stratum, "machine_hostile": machine,
             "human_hostile": human, "incl_prob": incl_prob, "channel_type": "leader"}] * n


def _cells(rows: list[dict[str, Any]]) -> list[Cell]:
    from pipeline.audit.rates import cells

    return cells(rows)


def test_a_rate_whose_flag_side_was_not_audited_is_not_estimable():
    """A round with no machine-flagged unit has TP = FP = 0 in every draw: Se came out None with
    the interval [0, 0] and Sp 1.000 [1.000, 1.000], a certainty the round has no evidence for."""
    from pipeline.audit.estimate import NO_FLAGGED, NO_POSITIVE, NO_UNFLAGGED, not_estimable
    from pipeline.audit.rates import rate_row

    unflagged = _gold(False, False, 20, "R", 0.2) + _gold(False, False, 5, "E", 0.4)
    row = rate_row("en", "all", unflagged)
    assert row.values == {k: None for m in ("se", "sp", "precision", "recall") for k in (m, f"{m}_lo", f"{m}_hi")}
    assert row.not_estimable == {"se": NO_FLAGGED, "sp": NO_FLAGGED, "precision": NO_FLAGGED, "recall": NO_FLAGGED}
    assert not np.isfinite(draws(_cells(unflagged))["sp"]).any()
    # some of them coded hostile: Se's point was 0.0, Sp's 1.0 - still nothing known of the flagged side
    row = rate_row("en", "all", _gold(False, True, 3, "E", 0.4) + unflagged)
    assert (row.values["se"], row.values["se_lo"], row.values["sp"], row.values["sp_hi"]) == (None,) * 4
    flagged = _gold(True, True, 8, "G", 0.5) + _gold(True, False, 2, "G", 0.5)
    row = rate_row("en", "all", flagged)
    assert row.not_estimable == {"se": NO_UNFLAGGED, "sp": NO_UNFLAGGED, "recall": NO_UNFLAGGED}
    assert (row.values["se"], row.values["se_lo"], row.values["sp"], row.values["sp_lo"]) == (None,) * 4
    assert row.values["precision"] == pytest.approx(0.8) and row.values["precision_lo"] is not None
    # both sides audited, nobody coded hostile: Se is 0/0, and the prior's spread is no interval
    row = rate_row("en", "all", _gold(True, False, 4, "G", 0.5) + unflagged)
    assert row.not_estimable == {"se": NO_POSITIVE, "recall": NO_POSITIVE}
    assert (row.values["se"], row.values["se_lo"], row.values["se_hi"]) == (None, None, None)
    assert row.values["sp"] is not None and row.values["sp_lo"] <= row.values["sp"] <= row.values["sp_hi"]
    # a full round: every rate as before (point and the draws' percentiles, widened to the point)
    cs = [Cell(True, 10, 8, 0.5), Cell(False, 10, 2, 0.1), Cell(False, 5, 0, 0.01)]
    assert not_estimable(cs) == {}
    full = (_gold(True, True, 8, "G", 0.5) + _gold(True, False, 2, "G", 0.5) + _gold(False, True, 2, "E", 0.1)
            + _gold(False, False, 8, "E", 0.1) + _gold(False, False, 5, "R", 0.01))
    row = rate_row("en", "all", full, seed=3)
    est, sims = point(cs), draws(_cells(full), seed=3)
    for m in ("se", "sp", "precision"):
        lo, hi = np.percentile(sims[m], [2.5, 97.5])
        assert row.values[m] == pytest.approx(est[m])
        assert (row.values[f"{m}_lo"], row.values[f"{m}_hi"]) == pytest.approx((min(lo, est[m]), max(hi, est[m])))
    assert row.not_estimable == {}


def test_rates_of_a_language_without_flagged_units_say_not_estimable_everywhere(scored_warehouse, snap):
    """rdi audit rates (table and --json) and the demo's summary of a round in which one language
    has no machine-flagged unit: no rate, no interval, the reason; the demo printed
    'Se – [0.00, 0.00]'."""
    from pipeline.audit.simulate import simulate_round, summary_lines
    from tests.pipeline.test_cli_errors import rdi
    from warehouse import db

    project = scored_warehouse(first_year=2024, months=9)
    with db.writer(project.warehouse_path) as con:
        con.execute("update unit_flags set hostile = false where unit_id in "
                    "(select unit_id from units where lang = 'ja')")
        db.publish_snapshot(con, project.snapshot_path)
    sim = simulate_round(project, QUARTER)
    (ja,) = [line for line in summary_lines(sim) if line.startswith("  ja:")]
    assert ja.startswith("  ja: Se not estimable (no machine-flagged unit audited) (simulated truth "), ja
    assert "Sp not estimable (no machine-flagged unit audited)" in ja and "[" not in ja
    (ko,) = [line for line in summary_lines(sim) if line.startswith("  ko:")]
    assert "not estimable" not in ko and ko.count("[") == 2
    home = ["--home", str(project.home)]
    res = rdi("audit", "rates", "--json", *home)
    assert res.returncode == 0, res.stderr
    rows = {(r["lang"], r["channel_type"]): r for r in json.loads(res.stdout)["rows"]}
    ja_all = rows["ja", "all"]
    assert ja_all["values"]["se"] is None and ja_all["values"]["se_lo"] is None and ja_all["values"]["sp_hi"] is None
    assert ja_all["not_estimable"]["sp"] == "no machine-flagged unit audited"
    assert rows["ko", "all"]["not_estimable"] == {} and rows["ko", "all"]["values"]["se_lo"] is not None
    text = rdi("audit", "rates", *home)
    assert text.returncode == 0, text.stderr
    assert "ja all: Se, Sp, precision not estimable: no machine-flagged unit audited" in text.stdout, text.stdout


def test_agreement_lists_disagreements_and_adjudication_settles_them(small_round, snap, tmp_path):
    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    a = {u: CALM for u in units}
    b = {**a, units[0]: HOSTILE_KR if units[0].startswith("jp") else HOSTILE_JP}
    import_codings(project, _export(out / "ann.tasks.json", a, tmp_path / "a.json"), "ann")
    import_codings(project, _export(out / "ben.tasks.json", b, tmp_path / "b.json"), "ben")
    res = agreement(project, QUARTER)
    assert [d["unit_id"] for d in res.disagreements] == [units[0]]
    assert snap("select status from audit_gold where unit_id = ?", [units[0]]) == "pending"
    sheet = Path(res.adjudication_file)
    with open(sheet, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    assert "coder_ann" in header and "coder_ben" in header
    rows[0].update(_coding_values(b[units[0]]))
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    filled = sheet.read_bytes()
    with pytest.raises(AuditError, match="holds decisions not imported yet"):
        agreement(project, QUARTER)  # running it again must not blank the adjudicator's work
    assert sheet.read_bytes() == filled
    import_codings(project, sheet, "senior", table="audit_adjudications")
    assert snap("select status, human_hostile from audit_gold where unit_id = ?", [units[0]], rows=True) == \
        [("adjudicated", True)]
    assert agreement(project, QUARTER).disagreements == []  # once imported, it runs again: nothing pending
    assert snap("select count(*) from audit_gold where status = 'agreed'") == len(units) - 1
    cols = snap("select column_name from (describe audit_quarterly)", rows=True)
    assert [c for (c,) in cols] == ["actor", "quarter", "human_share", "machine_share"]


def test_training_refuses_audited_units(tmp_path):
    from nlp.training import TrainingError, check_separation, train

    rows = [{"id": "en-1", "text": "x", "unit_id": "kr_mofa:1#t2"}, {"id": "en-2", "text": "y"}]
    check_separation(rows, {"other"})
    with pytest.raises(TrainingError, match=r"1 audited unit\(s\).*kr_mofa:1#t2"):
        check_separation(rows, {"kr_mofa:1#t2"})
    corpus = tmp_path / "corpus"
    (corpus / "en").mkdir(parents=True)
    row = {"id": "en-1", "text": "We protest.", "lang": "en", "history": 0, "territory": 0, "nationalist": 1,
           "conciliatory": 0, "target": "JP", "severity": 2, "doc_id": "d1", "provenance": "authored",
           "unit_id": "kr_mofa:9"}
    (corpus / "en" / "part-01.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    (corpus / "audited_units.txt").write_text("# from rdi audit ids\nkr_mofa:9\n", "utf-8")
    with pytest.raises(TrainingError, match="kr_mofa:9.*remove the rows"):
        train(corpus, tmp_path / "models", langs=("en",))
    # saved again by Notepad: a byte-order mark before the first id must not let it through
    (corpus / "audited_units.txt").write_text("kr_mofa:9\r\n", "utf-8-sig")
    with pytest.raises(TrainingError, match="kr_mofa:9"):
        train(corpus, tmp_path / "models", langs=("en",))


def test_audit_ids_lists_every_sampled_unit_for_training_to_refuse(scored_warehouse, tmp_path):
    from pipeline.audit.separation import audited_ids, read_ids
    from pipeline.audit.simulate import simulate_round
    from tests.pipeline.test_cli_errors import rdi

    project = scored_warehouse(first_year=2024, months=9)
    sim = simulate_round(project, QUARTER)
    ids = audited_ids(project)
    assert len(ids) == sim.sample.units > 0
    out = tmp_path / "not-yet" / "audited.txt"  # its folder is made
    res = rdi("audit", "ids", "--home", str(project.home), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert read_ids(out) == ids
    # a list written before (another home, a warehouse since rebuilt) keeps its ids
    out.write_text("# earlier\njp_mofa_press_conferences_ja:old#t2\n" + out.read_text("utf-8"), "utf-8")
    res = rdi("audit", "ids", "--home", str(project.home), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert read_ids(out) == ids | {"jp_mofa_press_conferences_ja:old#t2"}
    assert "(1 of them already listed there, not in this warehouse)" in res.stdout


def test_every_audit_command_runs_from_the_cli(scored_warehouse, tmp_path):
    # The library functions are tested above; this runs the commands' own code (options, rendering).
    from pipeline.audit.simulate import simulate_round
    from tests.pipeline.test_cli_errors import rdi

    project = scored_warehouse(first_year=2024, months=9)
    sim = simulate_round(project, QUARTER)
    home = ["--home", str(project.home)]
    for args in (["agreement", "--quarter", QUARTER], ["rates"], ["rates", "--json"], ["report"], ["report", "--json"]):
        res = rdi("audit", *args, *home)
        assert res.returncode == 0, (args, res.stderr[-2000:])
        assert res.stdout.strip(), args
    assert json.loads(rdi("audit", "rates", "--json", *home).stdout)
    later = "2024Q2"
    res = rdi("audit", "sample", "--quarter", later, "--per-language", "5", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    res = rdi("audit", "packets", "--quarter", later, "--coder", "ann", "--coder", "ben", "--out", str(tmp_path / "p"), *home)
    assert res.returncode == 0, res.stderr[-2000:]
    assert (tmp_path / "p" / "ann.csv").is_file() and (tmp_path / "p" / "ben.csv").is_file()
    unit = sorted(d["unit_id"] for d in sim.agreement.disagreements)[0]
    res = rdi("audit", "adjudicate", "--adjudicator", "senior", "--unit", unit,
              "--nationalist", "1", "--target", "KR", "--severity", "2", "--replace", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "1 new" in res.stdout or "1 replaced" in res.stdout, res.stdout


def test_simulated_round_runs_the_whole_loop_and_is_marked_simulated(scored_warehouse, snap):
    from pipeline.audit.rates import index_rounds
    from pipeline.audit.simulate import simulate_round, summary_lines
    from warehouse import db

    project = scored_warehouse(first_year=2024, months=9)
    sim = simulate_round(project, QUARTER)
    n = sim.sample.units
    assert [(i.inserted, i.skipped_uncoded) for i in sim.imports] == [(n, 0), (n, 0)]
    assert snap("select count(*) filter (where status in ('agreed', 'adjudicated')) = count(*) from audit_gold")
    assert sim.adjudication is not None and sim.adjudication.inserted == len(sim.agreement.disagreements) > 0
    assert snap("select bool_and(simulated) from audit_rounds")
    assert sim.rates.simulated and {r.lang for r in sim.rates.rows} == {"ja", "ko"}
    with db.writer(project.warehouse_path) as con:
        assert index_rounds(con, "m-test") == ([], [f"{QUARTER} simulated"])
    assert "rdi index skips this round" in " ".join(summary_lines(sim))


def test_stratum_e_reads_the_lexicons_of_the_model_that_scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model's copy of the lexicons, not today's nlp/patterns/, defines the lexicon net of stratum E."""
    import hashlib
    import json as _json

    from nlp.patterns import PATTERN_DIR, snapshot_lexicons
    from nlp.tagger import lexicon_dir_of
    from pipeline.audit.sample import lexicon_terms

    model = tmp_path / "v-old"
    hashes = snapshot_lexicons(model / "patterns")
    history = model / "patterns" / "history.en.jsonl"
    kept = [line for line in history.read_text("utf-8").splitlines() if "comfort women" not in line.lower()]
    history.write_text("\n".join(kept) + "\n", "utf-8")
    hashes["history.en.jsonl"] = hashlib.sha256(history.read_bytes()).hexdigest()
    (model / "metadata.json").write_text(_json.dumps(
        {"version": "v-old", "sha256": "0" * 64, "thresholds": {}, "langs": ["en"],
         "lexicons": {"dir": "patterns", "sha256": hashes}}), "utf-8")
    monkeypatch.setenv("RDI_MODEL_DIR", str(model))
    assert lexicon_dir_of("v-old") == model / "patterns"
    assert lexicon_dir_of("v-gone") == PATTERN_DIR  # no folder for that version: today's lexicons
    now = {(t["lang"], t["term"]) for t in lexicon_terms()}
    then = {(t["lang"], t["term"]) for t in lexicon_terms(lexicon_dir_of("v-old"))}
    assert ("en", "comfortwomen") in now and ("en", "comfortwomen") not in then
    assert {t for t in now if t[0] == "ko"} == {t for t in then if t[0] == "ko"}


def test_label_studio_note_in_several_parts_is_kept(small_round, snap, tmp_path):
    # Label Studio's TextArea takes several submissions: the export holds a list of texts
    project, out = small_round
    tasks = json.loads((out / "ann.tasks.json").read_text("utf-8"))[:2]
    export = _export(out / "ann.tasks.json", {t["data"]["unit_id"]: CALM for t in tasks}, tmp_path / "ann.json")
    data = json.loads(export.read_text("utf-8"))
    data[0]["annotations"][0]["result"].append(
        {"from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": ["unsure", "maybe territory"]}})
    export.write_text(json.dumps(data), "utf-8")
    json_min = tmp_path / "ben-min.json"
    json_min.write_text(json.dumps([{**tasks[1]["data"], "id": 2, **_coding_values(CALM),
                                     "note": ["hard", "case"]}]), "utf-8")
    assert import_codings(project, export, "ann").inserted == 2
    assert import_codings(project, json_min, "ben").inserted == 1
    notes = dict(snap("select coder, note from audit_codings where note is not null", rows=True))
    assert notes == {"ann": "unsure\nmaybe territory", "ben": "hard\ncase"}


def _excel(path: Path, header: list[str], rows: list[dict[str, str]], delimiter: str = ";") -> Path:
    """Write a sheet as a spreadsheet in a European locale saves it: BOM, ';', CRLF."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, delimiter=delimiter, lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _sheet(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_saved_by_a_spreadsheet_imports(small_round, snap, tmp_path, delimiter):
    project, out = small_round
    header, rows = _sheet(out / "ben.csv")
    hostile = {u for (u,) in snap("select unit_id from audit_sample where machine_hostile", rows=True)}
    truth = {}
    for i, r in enumerate(rows):
        if i == 3:
            continue  # skipped: left blank
        c = (HOSTILE_KR if r["unit_id"].startswith("jp") else HOSTILE_JP) if r["unit_id"] in hostile else CALM
        truth[r["unit_id"]] = c
        r.update({k: {"yes": "TRUE", "no": "FALSE", "none": ""}.get(v, v) for k, v in _coding_values(c).items()})
    # cells may hold line breaks that are not CSV line breaks (line/paragraph separator, form feed)
    rows[0]["text"] += "\u2028second line\x0cnext page\x85end"
    rows[1]["note"] = "see\u2029above"
    res = import_codings(project, _excel(tmp_path / "ben-excel.csv", header, rows, delimiter), "ben")
    assert (res.inserted, res.skipped_uncoded) == (len(rows) - 1, 1)
    stored = {u: Coding(*v) for u, *v in snap(
        "select unit_id, history, territory, nationalist, conciliatory, target, severity from audit_codings", rows=True)}
    assert stored == truth
    assert snap("select note from audit_codings where unit_id = ?", [rows[1]["unit_id"]]) == "see\u2029above"


def test_sheets_saved_with_semicolons_are_never_overwritten(small_round, snap, tmp_path):
    project, out = small_round
    header, rows = _sheet(out / "ann.csv")
    rows[0].update(_coding_values(CALM))
    _excel(out / "ann.csv", header, rows)
    with pytest.raises(AuditError, match="ann.csv already holds codings"):
        write_packets(project, QUARTER, ["ann"], out)
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    a = {u: CALM for u in units}
    import_codings(project, _export(out / "ann.tasks.json", a, tmp_path / "a.json"), "ann")
    import_codings(project, _export(out / "ben.tasks.json", {**a, units[0]: HOSTILE_JP if units[0].startswith("kr")
                                                             else HOSTILE_KR}, tmp_path / "b.json"), "ben")
    sheet = Path(agreement(project, QUARTER).adjudication_file)
    header, rows = _sheet(sheet)
    rows[0].update(_coding_values(CALM))
    filled = _excel(sheet, header, rows).read_bytes()
    with pytest.raises(AuditError, match="holds decisions not imported yet"):
        agreement(project, QUARTER)
    assert sheet.read_bytes() == filled
    assert import_codings(project, sheet, "senior", table="audit_adjudications").inserted == 1


def test_adjudication_settles_only_disagreements(small_round, snap, tmp_path):
    from pipeline.audit.importer import adjudicate_unit

    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    hostile = _coding_values(HOSTILE_JP if units[0].startswith("kr") else HOSTILE_KR)
    a = {u: CALM for u in units[:-1]}  # the last unit is coded by ann only
    import_codings(project, _export(out / "ann.tasks.json", {**a, units[-1]: CALM}, tmp_path / "a.json"), "ann")
    import_codings(project, _export(out / "ben.tasks.json", {**a, units[0]: Coding(**{
        **{k: v == "yes" for k, v in hostile.items() if k in ("history", "territory", "nationalist", "conciliatory")},
        "target": hostile["target"], "severity": int(hostile["severity"])})}, tmp_path / "b.json"), "ben")
    with pytest.raises(AuditError, match=r"unit .*: no disagreement to adjudicate, the coders agree"):
        adjudicate_unit(project, units[1], "senior", hostile)
    with pytest.raises(AuditError, match="no disagreement to adjudicate yet, one coder has coded this unit"):
        adjudicate_unit(project, units[-1], "senior", _coding_values(CALM))
    sheet = Path(agreement(project, QUARTER).adjudication_file)
    header, rows = _sheet(sheet)
    rows[0].update(_coding_values(CALM))
    rows.append({**rows[0], "unit_id": units[1]})  # an agreed unit added to the sheet
    _excel(sheet, header, rows, ",")
    with pytest.raises(AuditError, match="adjudication.csv row 3: no disagreement to adjudicate"):
        import_codings(project, sheet, "senior", table="audit_adjudications")
    assert snap("select count(*) from audit_adjudications") == 0
    _excel(sheet, header, rows[:1], ",")
    assert import_codings(project, sheet, "senior", table="audit_adjudications").inserted == 1
    assert import_codings(project, sheet, "senior", table="audit_adjudications").unchanged == 1
    adjudicate_unit(project, units[0], "senior", hostile, replace=True)  # a decision may be revised
    assert snap("select status, human_hostile from audit_gold where unit_id = ?", [units[0]], rows=True) == \
        [("adjudicated", True)]
    assert snap("select count(*) from audit_gold where status = 'agreed'") == len(units) - 2


def test_audited_ids_saved_with_a_bom_still_match(tmp_path):
    from pipeline.audit.separation import read_ids

    listed = tmp_path / "audited.txt"
    listed.write_bytes("kr_mofa:9#t2\r\n# note\r\njp_mofa:1\r\n".encode("utf-8-sig"))  # saved by Notepad
    assert read_ids(listed) == {"kr_mofa:9#t2", "jp_mofa:1"}


def test_coders_notes_reach_the_adjudicator(small_round, snap, tmp_path):
    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    a = {u: CALM for u in units}
    export = _export(out / "ann.tasks.json", a, tmp_path / "a.json")
    data = json.loads(export.read_text("utf-8"))
    for task in data:
        if task["data"]["unit_id"] in units[:2]:
            task["annotations"][0]["result"].append({"from_name": "note", "to_name": "text", "type": "textarea",
                                                     "value": {"text": ["a deflection, not a protest"]}})
    export.write_text(json.dumps(data), "utf-8")
    import_codings(project, export, "ann")
    import_codings(project, _export(out / "ben.tasks.json", {**a, units[0]: HOSTILE_JP if units[0].startswith("kr")
                                                             else HOSTILE_KR}, tmp_path / "b.json"), "ben")
    res = agreement(project, QUARTER)
    assert [d["unit_id"] for d in res.disagreements] == [units[0]]
    _, rows = _sheet(Path(res.adjudication_file))
    assert rows[0]["coder_ann"] == "H0 T0 N0 C0 target=none sev=0 note: a deflection, not a protest"
    assert rows[0]["coder_ben"].endswith("sev=2") and rows[0]["note"] == ""


def test_import_messages_say_what_to_do(small_round, snap, tmp_path):
    project, out = small_round
    header, rows = _sheet(out / "ben.csv")
    for r in rows:
        r.update(_coding_values(CALM))
    rows[0]["note"] = "독도 표현이 애매함"
    legacy = tmp_path / "ben-cp949.csv"  # Excel's plain "CSV" on a Korean Windows
    with open(legacy, "w", encoding="cp949", errors="replace", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(AuditError, match=r"not UTF-8 text; save it as UTF-8 \(in Excel: Save As, 'CSV UTF-8"):
        import_codings(project, legacy, "ben")
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    export = _export(out / "ann.tasks.json", {u: CALM for u in units}, tmp_path / "a.json")
    data = json.loads(export.read_text("utf-8"))
    data[4]["annotations"].append({**data[4]["annotations"][0], "id": 99})  # coded twice in Label Studio
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps(data), "utf-8")
    with pytest.raises(AuditError, match="task 5 .*: 2 annotations by the same annotator .*delete all but one"):
        import_codings(project, twice, "ann")
    import_codings(project, export, "ann")
    import_codings(project, _export(out / "ben.tasks.json", {u: CALM for u in units} | {
        units[0]: HOSTILE_JP if units[0].startswith("kr") else HOSTILE_KR}, tmp_path / "b.json"), "ben")
    sheet = Path(agreement(project, QUARTER).adjudication_file)
    header, rows = _sheet(sheet)
    rows[0].update(_coding_values(CALM))
    _excel(sheet, header, rows, ",")
    with pytest.raises(AuditError, match="adjudication.csv: an adjudication sheet .*: record its decisions with "
                       "rdi audit adjudicate adjudication.csv --adjudicator NAME"):
        import_codings(project, sheet, "senior")  # rdi audit import, the wrong command
    import_codings(project, sheet, "senior", table="audit_adjudications")
    with pytest.raises(AuditError, match="row 2: unit .* was already adjudicated by senior; use --replace"):
        import_codings(project, sheet, "other", table="audit_adjudications")


def test_a_corrected_file_replaces_the_coders_codings(small_round, snap, tmp_path):
    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    first = {u: CALM for u in units[:5]}
    import_codings(project, _export(out / "ann.tasks.json", first, tmp_path / "a.json"), "ann")
    corrected = {**first, units[0]: HOSTILE_JP if units[0].startswith("kr") else HOSTILE_KR, units[5]: CALM}
    export = _export(out / "ann.tasks.json", corrected, tmp_path / "a2.json")
    with pytest.raises(AuditError, match=r"coder 'Ann' differs from the coder 'ann' .* only in case; use --coder ann"):
        import_codings(project, export, "Ann", replace=True)
    with pytest.raises(AuditError, match="already coded differently by ann; use --replace"):
        import_codings(project, export, "ann")
    res = import_codings(project, export, "ann", replace=True)
    assert (res.inserted, res.replaced, res.unchanged) == (1, 1, 4)
    assert snap("select count(*), count(distinct coder) from audit_codings", rows=True) == [(6, 1)]
    assert snap("select nationalist from audit_codings where unit_id = ?", [units[0]]) is True
    again = import_codings(project, export, "ann", replace=True)
    assert (again.inserted, again.replaced, again.unchanged) == (0, 0, 6)


def test_rows_with_only_filled_down_defaults_are_not_coded_yet(small_round, snap, tmp_path):
    project, out = small_round
    header, rows = _sheet(out / "ben.csv")
    for r in rows:
        r.update(target="none", severity="0")  # filled down the whole column before coding
    rows[0].update(_coding_values(CALM))
    rows[1].update(target="JP")  # a started coding is still checked
    sheet = _excel(tmp_path / "ben-partial.csv", header, rows, ",")
    with pytest.raises(AuditError, match="row 3: history is missing"):
        import_codings(project, sheet, "ben")
    rows[1].update(target="none")
    res = import_codings(project, _excel(sheet, header, rows, ","), "ben")
    assert (res.inserted, res.skipped_uncoded) == (1, len(rows) - 1)
    assert snap("select count(*) from audit_codings") == 1


def test_a_quarter_without_units_or_codings_says_what_to_do(scored_warehouse, snap, tmp_path, monkeypatch):
    from tests.pipeline.test_cli_errors import rdi

    project = scored_warehouse(first_year=2024, months=9)
    everything = {u for (u,) in snap("select unit_id from units", rows=True)}
    monkeypatch.setattr(sample_mod, "training_unit_ids", lambda: everything)
    with pytest.raises(AuditError, match=r"all \d+ units of 2024Q2 .* are already audited or named by the training"):
        sample_round(project, "2024Q2")
    monkeypatch.undo()
    with pytest.raises(AuditError, match=r"no auditable units dated in 2023Q1 .*; quarters with scored units: "
                                         r"2024Q1 \(\d+\), 2024Q2 \(\d+\), 2024Q3 \(\d+\)$"):
        sample_round(project, "2023Q1")
    sample_round(project, QUARTER, per_language=5)
    res = rdi("audit", "agreement", "--quarter", QUARTER, "--home", str(project.home))
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip() == f"round {QUARTER}: no codings imported yet (rdi audit import FILE --coder NAME)"


def test_a_coder_name_in_hangul_is_refused_with_an_example():
    from pipeline.audit.packets import check_coder

    with pytest.raises(AuditError, match="bad coder name '민지': use Latin letters a-z, .* e.g. minji"):
        check_coder("민지")


def test_agreement_lists_a_disagreement_on_a_unit_gone_from_the_warehouse(small_round, snap, tmp_path):
    from warehouse import db

    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    a = {u: CALM for u in units}
    import_codings(project, _export(out / "ann.tasks.json", a, tmp_path / "a.json"), "ann")
    import_codings(project, _export(out / "ben.tasks.json", {**a, units[0]: HOSTILE_JP if units[0].startswith("kr")
                                                             else HOSTILE_KR}, tmp_path / "b.json"), "ben")
    with db.writer(project.warehouse_path) as con:  # its statement was rebuilt without that turn
        con.execute("delete from units where unit_id = ?", [units[0]])
        db.publish_snapshot(con, project.snapshot_path)
    res = agreement(project, QUARTER)
    assert [(d["unit_id"], d["lang"]) for d in res.disagreements] == [(units[0], snap(
        "select lang from audit_sample where unit_id = ?", [units[0]]))]
    _, rows = _sheet(Path(res.adjudication_file))
    assert rows[0]["unit_id"] == units[0] and rows[0]["text"] == ""


def _disagree(project: Any, out: Path, units: list[str], tmp_path: Path) -> None:
    """ann codes every unit calm; ben agrees except on the first two units (hostile)."""
    a = {u: CALM for u in units}
    import_codings(project, _export(out / "ann.tasks.json", a, tmp_path / "a.json"), "ann")
    b = {**a, **{u: HOSTILE_JP if u.startswith("kr") else HOSTILE_KR for u in units[:2]}}
    import_codings(project, _export(out / "ben.tasks.json", b, tmp_path / "b.json"), "ben")


def test_an_adjudicator_who_coded_the_unit_is_refused(small_round, snap, tmp_path):
    from pipeline.audit.importer import adjudicate_unit
    from tests.pipeline.test_cli_errors import rdi

    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    _disagree(project, out, units, tmp_path)
    sheet = Path(agreement(project, QUARTER).adjudication_file)
    header, rows = _sheet(sheet)
    for r in rows:
        r.update(_coding_values(CALM))
    _excel(sheet, header, rows, ",")
    with pytest.raises(AuditError, match=rf"adjudicator Ben coded unit\(s\) {units[0]}, {units[1]} as one of the "
                                         "coders; a disagreement is settled by a third person"):
        import_codings(project, sheet, "Ben", table="audit_adjudications")
    res = rdi("audit", "adjudicate", "--adjudicator", "ann", "--unit", units[0], "--home", str(project.home))
    assert res.returncode != 0 and f"adjudicator ann coded unit(s) {units[0]} as one of the coders" in res.stderr
    with pytest.raises(AuditError, match="third person"):
        adjudicate_unit(project, units[1], "ann", _coding_values(CALM))
    assert snap("select count(*) from audit_adjudications") == 0
    assert import_codings(project, sheet, "senior", table="audit_adjudications").inserted == 2


def test_one_file_imported_under_two_coder_names_is_refused(small_round, snap, tmp_path):
    from tests.pipeline.test_cli_errors import rdi

    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    export = _export(out / "ann.tasks.json", {u: CALM for u in units}, tmp_path / "ann-export.json")
    assert import_codings(project, export, "ann").inserted == len(units)
    assert import_codings(project, export, "ann").unchanged == len(units)  # the same coder again: fine
    copy = tmp_path / "ben-export.json"
    copy.write_bytes(export.read_bytes())  # renamed, same content
    res = rdi("audit", "import", str(copy), "--coder", "ben", "--home", str(project.home))
    assert res.returncode != 0
    assert "ben-export.json: this file was already imported as coder ann (ann-export.json, " in res.stderr
    assert "one file is one coder's work" in res.stderr
    assert snap("select count(*) from audit_codings where coder = 'ben'") == 0
    assert snap("select count(*) from audit_gold where status = 'agreed'") == 0
    # ben's own export (same labels, his own task order and annotation ids) imports
    own = _export(out / "ben.tasks.json", {u: CALM for u in units}, tmp_path / "ben-own.json")
    assert import_codings(project, own, "ben").inserted == len(units)


def test_a_reimport_that_changes_only_a_note_keeps_the_new_note(small_round, snap, tmp_path):
    from pipeline.audit.importer import adjudicate_unit
    from tests.pipeline.test_cli_errors import rdi

    project, out = small_round
    home = ["--home", str(project.home)]
    header, rows = _sheet(out / "ann.csv")
    for r in rows:
        r.update(_coding_values(CALM))
    rows[0]["note"] = "first thought"
    sheet = _excel(tmp_path / "ann.csv", header, rows)
    assert rdi("audit", "import", str(sheet), "--coder", "ann", *home).returncode == 0
    rows[0]["note"] = "on reflection: a deflection (ANNOTATION.md 2.5)"
    rows[1]["note"] = "unsure"
    _excel(sheet, header, rows)
    res = rdi("audit", "import", str(sheet), "--coder", "ann", *home)  # no --replace: the labels are the same
    assert res.returncode == 0, res.stderr
    assert ": 0 new, 2 replaced, 16 unchanged" in res.stdout
    notes = dict(snap("select unit_id, note from audit_codings where note is not null", rows=True))
    assert notes == {rows[0]["unit_id"]: "on reflection: a deflection (ANNOTATION.md 2.5)", rows[1]["unit_id"]: "unsure"}
    res = rdi("audit", "import", str(sheet), "--coder", "ann", *home)  # the same file again changes nothing
    assert ": 0 new, 0 replaced, 18 unchanged" in res.stdout
    assert dict(snap("select unit_id, note from audit_codings where note is not null", rows=True)) == notes
    assert snap("select count(*) from audit_codings") == 18

    # an adjudicator's corrected note is kept too, on the command line as from the sheet
    units = [r["unit_id"] for r in rows]
    other = _export(out / "ben.tasks.json", {**{u: CALM for u in units},
                                            units[0]: HOSTILE_JP if units[0].startswith("kr") else HOSTILE_KR},
                    tmp_path / "b.json")
    import_codings(project, other, "ben")
    adjudicate_unit(project, units[0], "senior", {**_coding_values(CALM), "note": "calm"})
    res = adjudicate_unit(project, units[0], "senior", {**_coding_values(CALM), "note": "calm: a deflection"})
    assert res.replaced == 1
    assert snap("select note from audit_adjudications where unit_id = ?", [units[0]]) == "calm: a deflection"
    again = adjudicate_unit(project, units[0], "senior", {**_coding_values(CALM), "note": "calm: a deflection"})
    assert again.unchanged == 1
    assert adjudicate_unit(project, units[0], "senior", _coding_values(CALM)).unchanged == 1  # no --note
    assert snap("select note from audit_adjudications where unit_id = ?", [units[0]]) == "calm: a deflection"


def test_a_sampled_unit_gone_from_the_warehouse_is_dropped_and_the_round_completes(small_round, snap, tmp_path):
    from pipeline.audit.rates import index_rounds, rates
    from tests.pipeline.test_cli_errors import rdi
    from warehouse import db

    project, out = small_round
    units = [u for (u,) in snap("select unit_id from audit_sample order by unit_id", rows=True)]
    gone_uncoded, gone_single, rest = units[0], units[1], units[2:]
    import_codings(project, _export(out / "ann.tasks.json", {u: CALM for u in units[1:]}, tmp_path / "a.json"), "ann")
    import_codings(project, _export(out / "ben.tasks.json", {u: CALM for u in rest}, tmp_path / "b.json"), "ben")
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        assert index_rounds(con, "m-test")[1] == [f"{QUARTER} incomplete (2 of {len(units)} units without a final label)"]
    finally:
        con.close()
    with db.writer(project.warehouse_path) as con:  # withdrawn upstream: statement and unit gone
        con.execute("delete from units where unit_id in (?, ?)", [gone_uncoded, gone_single])
        con.execute("delete from statements where statement_id = ?", [gone_uncoded])
        db.publish_snapshot(con, project.snapshot_path)
    gold = snap("select unit_id, status, dropped_reason from audit_gold where status = 'dropped' order by unit_id",
                rows=True)
    assert [g[:2] for g in gold] == [(gone_uncoded, "dropped"), (gone_single, "dropped")]
    assert all(g[2] for g in gold)
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        assert index_rounds(con, "m-test") == ([QUARTER], [])  # complete: it can feed the index
    finally:
        con.close()
    res = rates(project, QUARTER)
    assert (res.settled, res.unsettled, res.dropped) == (len(rest), 0, 2)
    assert sum(r.units for r in res.rows if r.channel_type == "all") == len(rest)
    cli = rdi("audit", "rates", "--quarter", QUARTER, "--home", str(project.home))
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert "2 sampled unit(s) are gone from the warehouse" in cli.stdout and "warning" not in cli.stdout
    report = json.loads(rdi("audit", "report", "--json", "--home", str(project.home)).stdout)
    assert [(r["units"], r["unsettled"], r["dropped"]) for r in report["rounds"]] == [(len(rest), 0, 2)]
    # a unit gone after both coders coded it stays in the round (they saw it)
    with db.writer(project.warehouse_path) as con:
        con.execute("delete from units where unit_id = ?", [rest[0]])
        db.publish_snapshot(con, project.snapshot_path)
    assert snap("select status from audit_gold where unit_id = ?", [rest[0]]) == "agreed"


def test_audit_ids_list_the_translations_and_copies_of_an_audited_statement(project, stage, statement, tmp_path):
    from pipeline.audit.separation import audited_ids, read_ids
    from pipeline.load import load
    from tests.pipeline.test_cli_errors import rdi
    from warehouse import db

    pres, pres_en, agg, mofa = ("kr_president_speeches_ko", "kr_president_speeches_en", "kr_koreakr_speeches_ko",
                                "kr_mofa_press_releases_ko")
    url, url_en = "https://www.president.go.kr/speeches/1", "https://www.president.go.kr/en/speeches/1"
    speech = "대통령은 한미일 협력의 새로운 시대를 열겠다고 밝혔다. " * 12
    other = "외교부는 한일 외교장관 회담 결과를 설명하며 양국 관계 개선 의지를 확인했다. " * 8

    def rec(source: str, site_id: str, text: str, day: int, **fields: Any) -> dict[str, Any]:
        return statement(site_id, text, source=source, tier="leader", event_date=f"2024-10-{day:02d}",
                         published_at=f"2024-10-{day:02d}T10:00:00+09:00", **fields)

    stage([rec(pres, "1", speech, 14, url=url)], name="a", source=pres)
    stage([rec(pres_en, "1", "President's speech on trilateral cooperation. " * 10, 14, lang="en",
               is_translation=True, url=url_en, alt_urls=[url])], name="a", source=pres_en)
    stage([rec(agg, "900", speech, 16)], name="a", source=agg)  # korea.kr's copy of the speech
    stage([rec(mofa, "b1", other, 15)], name="a", source=mofa)  # unrelated
    load(project)
    relations = {(a, b) for a, b in db_rows(project, "select statement_id, related_id from statement_relations")}
    assert relations == {(f"{pres_en}:1", f"{pres}:1"), (f"{agg}:900", f"{pres}:1")}
    with db.writer(project.warehouse_path) as con:  # the original speech is audited
        con.execute("insert into audit_sample values (?, '2024Q4', 'ko', 'KR', 'kr_president', 'leader', 'G', 1.0, 1, "
                    "true, 'JP', 2)", [f"{pres}:1"])
        db.publish_snapshot(con, project.snapshot_path)
    units = dict(db_rows(project, "select statement_id, unit_id from units"))
    expected = {units[f"{pres}:1"], units[f"{pres_en}:1"], units[f"{agg}:900"]}
    assert audited_ids(project) == expected
    out = tmp_path / "audited_units.txt"
    res = rdi("audit", "ids", "--home", str(project.home), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert read_ids(out) == expected and units[f"{mofa}:b1"] not in read_ids(out)


def db_rows(project: Any, sql: str) -> list[tuple[Any, ...]]:
    """All rows of ``sql`` on the published snapshot."""
    import duckdb

    con = duckdb.connect(str(project.snapshot_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
