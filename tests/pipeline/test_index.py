"""rdi index end to end on scored rows: shape, base normalisation, inverse, vintages."""

from __future__ import annotations

import json

import pytest

from pipeline.index import IndexError_, build_index

SERIES = {("KR", t) for t in ("JP", "US", "KP", "CN", "ALL")} | {("JP", t) for t in ("KR", "US", "KP", "CN", "ALL")}


def test_rows_cover_every_actor_target_and_month(scored_warehouse, snap):
    project = scored_warehouse(months=30)
    res = build_index(project, draws=400)
    assert res.first_month == "2023-01"
    assert res.last_month == "2025-06"
    assert res.rows == 30 * len(SERIES)
    got = set(snap("select distinct actor, target from index_monthly", rows=True))
    assert got == SERIES


def test_base_falls_back_to_the_first_24_full_months_and_says_so(scored_warehouse):
    res = build_index(scored_warehouse(months=30), draws=400)
    assert res.base_period == "2023-01:2024-12"
    assert "do not cover the base period 2013-01:2022-12" in res.base_note
    assert not any("holds no scored unit" in note for note in res.notes)


def test_a_base_without_units_is_said_in_the_notes(scored_warehouse, snap):
    """One unit dated decades before the rest makes the data span cover the configured base
    (2013-2022), whose months hold no data: every RDI is NULL, and the release notes say why
    instead of leaving only per-channel notes."""
    from warehouse import db

    project = scored_warehouse(months=30)
    with db.writer(project.warehouse_path) as con:
        con.execute("update units set unit_date = date '1950-01-15' "
                    "where unit_id = (select min(unit_id) from units where eligible)")
    res = build_index(project, draws=200)
    assert res.base_period == "2013-01:2022-12"
    assert any("base period 2013-01:2022-12 holds no scored unit" in note for note in res.notes)
    assert snap("select count(rdi) from index_monthly") == 0


def test_configured_base_is_used_when_the_data_cover_it(scored_warehouse):
    res = build_index(scored_warehouse(months=30), draws=400, base="2023-06:2024-05")
    assert res.base_period == "2023-06:2024-05"
    assert res.base_note is None


def test_hhr_averages_100_over_the_base_and_rdi_is_its_inverse(scored_warehouse, snap):
    build_index(scored_warehouse(months=30), draws=400)
    means = snap("select actor, target, avg(hhr) from index_monthly where month < '2025-01' "
                 "and target in ('JP', 'KR', 'ALL') group by all", rows=True)
    assert len(means) == 4
    for _, _, mean in means:
        assert mean == pytest.approx(100.0)
    rows = snap("select rdi, hhr, rdi_lo90, hhr_hi90, rdi_hi90, hhr_lo90 from index_monthly "
                "where target = 'JP' and not rdi_capped", rows=True)
    for rdi, hhr, rdi_lo, hhr_hi, rdi_hi, hhr_lo in rows:
        assert rdi * hhr == pytest.approx(10_000)
        assert rdi_lo * hhr_hi == pytest.approx(10_000)
        assert rdi_hi * max(hhr_lo, 10.0) == pytest.approx(10_000)
        assert rdi_lo <= rdi <= rdi_hi


def test_calendar_peaks_show_as_lower_rdi(scored_warehouse, snap):
    build_index(scored_warehouse(months=30), draws=400)
    feb_aug, other = snap(
        "select avg(rdi) filter (where month(strptime(month, '%Y-%m')) in (2, 8)), avg(rdi) filter (where month(strptime(month, '%Y-%m')) "
        "not in (2, 8)) from index_monthly where actor = 'KR' and target = 'JP'", rows=True)[0]
    assert feb_aug < 70 < 100 < other
    expected = dict(snap("select month(strptime(month, '%Y-%m')), avg(expected_hhr) from index_monthly where actor = 'KR' "
                         "and target = 'JP' group by 1", rows=True))
    assert expected[2] > 150 and expected[5] < 100  # Takeshima Day / Aug 15 in the calendar


def test_rerun_in_the_same_vintage_is_reproducible(scored_warehouse, snap):
    project = scored_warehouse(months=30)
    first = build_index(project, draws=400)
    second = build_index(project, draws=400)
    assert second.vintage == first.vintage
    assert not second.new_vintage
    same = snap("select count(*) from index_values a join index_values b using (month, actor, target) "
                "where a.release_id = 1 and b.release_id = 2 and a.rdi is not distinct from b.rdi")
    assert same == first.rows
    third = build_index(project, draws=400, new_vintage=True)
    assert third.new_vintage and third.vintage != first.vintage


def test_a_forced_vintage_is_the_one_later_runs_keep(scored_warehouse, snap):
    """rdi index --new-vintage back-casts everything with fresh parameters; the next plain run (the
    scheduler's) stays in that vintage, not in the one it replaced (whose frozen months would come
    back with the old parameters)."""
    project = scored_warehouse(months=30)
    first = build_index(project, draws=400)
    forced = build_index(project, draws=400, new_vintage=True)
    after = build_index(project, draws=400)
    assert forced.vintage != first.vintage
    assert (after.vintage, after.new_vintage) == (forced.vintage, False)
    assert snap("select distinct vintage from index_monthly") == forced.vintage


def test_a_channel_without_units_is_reported_missing(scored_warehouse, snap):
    build_index(scored_warehouse(months=30, skip=("kr_mofa", "2024-05")), draws=400)
    row = snap("select n_channels, channels_missing from index_monthly where actor = 'KR' "
               "and target = 'JP' and month = '2024-05'", rows=True)
    assert row == [(1, "kr_mofa")]


def test_default_error_rates_are_stated(scored_warehouse, snap):
    res = build_index(scored_warehouse(months=30), draws=400)
    assert res.error_rates.startswith("error rates: conservative default")
    rates = json.loads(snap("select error_rates from index_releases"))
    assert rates["ko"]["source"] == "default"
    assert rates["ko"]["se_beta"] == [17, 5]


def _metadata_dir(tmp_path, framing_model, unit_rates):
    """A copy of the real model's metadata with given unit_rates (only the metadata is read)."""
    meta = json.loads((framing_model / "metadata.json").read_text())
    meta["unit_rates"] = unit_rates
    model = tmp_path / meta["version"]
    model.mkdir()
    (model / "metadata.json").write_text(json.dumps(meta))
    return model, meta["version"]


def test_model_error_rates_are_used_for_that_model(scored_warehouse, framing_model, tmp_path, snap):
    rates = {"ja": {"tp": 40, "fp": 2, "fn": 10, "tn": 400}, "ko": {"tp": 30, "fp": 1, "fn": 5, "tn": 300}}
    model, version = _metadata_dir(tmp_path, framing_model, rates)
    res = build_index(scored_warehouse(months=30, model_version=version), draws=400, model_dir=model)
    assert res.error_rates.startswith(f"error rates: ja=model:{version}; ko=model:{version}; en=default")
    stored = json.loads(snap("select error_rates from index_releases"))
    assert stored["ja"]["se_beta"] == [41, 11]
    assert stored["ja"]["sp_beta"] == [401, 3]
    assert snap("select distinct audit_sp from index_monthly where actor = 'JP'") == pytest.approx(401 / 404, abs=1e-4)


def test_measured_rates_on_too_few_test_units_fall_back_to_the_default(scored_warehouse, framing_model,
                                                                         tmp_path):
    rates = {lg: {"tp": 9, "fp": 0, "fn": 0, "tn": 11} for lg in ("ja", "ko", "en")}
    model, version = _metadata_dir(tmp_path, framing_model, rates)
    res = build_index(scored_warehouse(months=30, model_version=version), draws=400, model_dir=model)
    assert res.error_rates == ("error rates: conservative default "
                               "(9 positive / 11 negative test units < 20 / 100)")


def test_rates_of_another_model_are_not_used(scored_warehouse, framing_model):
    res = build_index(scored_warehouse(months=30, model_version="not-that-model"), draws=400,
                      model_dir=framing_model)
    assert "does not match scores of not-that-model" in res.error_rates


def test_nothing_tagged_is_a_clear_error(project, stage, statement):
    from pipeline.load import load

    stage([statement("1", "本文")])
    load(project)
    with pytest.raises(IndexError_, match="no tagged units in the warehouse; run rdi tag first"):
        build_index(project)


def _flag(project, where: str, target: str, model_version: str = "m-test") -> int:
    """Flag the units matching ``where`` hostile toward ``target`` (as a re-tag would)."""
    from warehouse import db

    with db.writer(project.warehouse_path) as con:
        ids = [u for (u,) in con.execute(f"select unit_id from units where {where}").fetchall()]
        for u in ids:
            con.execute("delete from unit_flags where unit_id = ? and target = ?", [u, target])
            con.execute("insert into unit_flags by name select ? as unit_id, ? as model_version, ? as target, "
                        "1 as n_sentences, true as hostile, 2 as severity_max, false as conciliatory, "
                        "true as history, false as territory, true as nationalist, 0.9 as score_max",
                        [u, model_version, target])
    return len(ids)


def test_a_target_never_flagged_is_not_scaled(scored_warehouse, snap):
    """No unit is flagged toward the US: the spread of the posterior medians is the prior's shape and
    Monte Carlo noise, and was once published as an index near 100 (METHODOLOGY §6.4: NULL)."""
    from warehouse import db

    project = scored_warehouse(months=30)
    with db.writer(project.warehouse_path) as con:  # two Korean units per channel and month, as in the demo
        keep = "regexp_matches(unit_id, '^kr_.*:[0-9]{6}[01]$') or country <> 'KR'"
        for table in ("unit_flags", "unit_scores"):
            con.execute(f"delete from {table} where unit_id in (select unit_id from units where not ({keep}))")
        con.execute(f"delete from units where not ({keep})")
    res = build_index(project, draws=400)
    n, with_rdi, with_hhr, flagged = snap("select count(*), count(rdi), count(hhr), max(n_flagged) "
                                          "from index_monthly where actor = 'KR' and target = 'US'", rows=True)[0]
    assert n == 30 and (with_rdi, with_hhr, flagged) == (0, 0, 0)
    assert any("no base-period variation toward US" in note for note in res.notes)
    assert snap("select count(rdi) from index_monthly where actor = 'JP' and target = 'KR'") == 30


def test_intensity_is_the_severe_share_of_flagged_units(scored_warehouse, snap):
    """METHODOLOGY §6, research §6.9: every flagged unit of the fixture has severity 2, so the share
    is 1 in every month with flagged units (100 on its base mean), whatever the month's volume."""
    build_index(scored_warehouse(months=30), draws=400)
    lo, hi, months = snap("select min(hhr_intensity), max(hhr_intensity), count(*) from index_monthly "
                          "where actor = 'KR' and target = 'JP' and n_flagged > 0", rows=True)[0]
    assert months > 20 and lo == pytest.approx(100.0) and hi == pytest.approx(100.0)


def test_a_revised_count_marks_the_month_revised_even_when_rdi_is_null(scored_warehouse, snap):
    project = scored_warehouse(months=30)
    build_index(project, draws=400)
    assert _flag(project, "country = 'KR' and unit_date = '2025-05-03'", "US") > 0
    build_index(project, draws=400)
    status = dict(snap("select target, status from index_monthly where actor = 'KR' and month = '2025-05'",
                       rows=True))
    assert status["US"] == "revised"  # n_flagged 0 -> 1, rdi NULL before and after
    assert snap("select rdi from index_monthly where actor = 'KR' and target = 'US' and month = '2025-05'") is None
    assert status["JP"] == "final_pending"  # nothing of KR->JP changed


def test_revised_base_data_and_unscored_units_are_reported(scored_warehouse):
    project = scored_warehouse(months=30)
    first = build_index(project, draws=400)
    assert not [n for n in first.notes if "base-period mean" in n or "not scored" in n]
    _flag(project, "country = 'KR' and unit_date between '2023-03-01' and '2023-03-10'", "JP")
    from warehouse import db

    with db.writer(project.warehouse_path) as con:  # a statement revised after it was scored
        con.execute("update units set unit_hash = 'h2' where unit_id = (select min(unit_id) from units)")
    second = build_index(project, draws=400)
    assert second.vintage == first.vintage
    assert any(n.startswith("KR->JP: base-period mean of HHR is now") for n in second.notes)
    assert "1 eligible unit(s) not scored by m-test as they read now" in " ".join(second.notes)


def test_months_older_than_m_minus_2_are_frozen_within_a_vintage(scored_warehouse, snap):
    """Research §6.8, METHODOLOGY §10: a final month keeps its published row when data of the
    vintage change; m-1 and m-2 are revised; a new vintage recomputes everything."""
    project = scored_warehouse(months=30)
    build_index(project, draws=400)
    before = snap("select * from index_values where release_id = 1 and month = '2024-03-01' order by all", rows=True)
    flagged_before = snap("select n_flagged from index_values where release_id = 1 and actor = 'KR' "
                          "and target = 'JP' and month = '2024-03-01'")
    _flag(project, "country = 'KR' and unit_date between '2024-03-01' and '2024-03-20'", "JP")
    _flag(project, "country = 'KR' and unit_date between '2025-04-01' and '2025-04-20'", "JP")
    second = build_index(project, draws=400)
    after = snap("select * from index_values where release_id = 2 and month = '2024-03-01' order by all", rows=True)
    assert [r[1:] for r in after] == [r[1:] for r in before]  # all but release_id
    assert any("would change with revised data; kept as published" in n for n in second.notes)
    status = dict(snap("select month, status from index_monthly where actor = 'KR' and target = 'JP'", rows=True))
    assert (status["2024-03"], status["2025-04"]) == ("final", "revised")
    build_index(project, draws=400, new_vintage=True)
    flagged = snap("select n_flagged from index_values where release_id = 3 and actor = 'KR' and target = 'JP' "
                   "and month = '2024-03-01'")
    assert flagged > flagged_before  # release 1 itself is gone by now (sql/index/prune.sql)


def _add_unit_with_targets(project, unit_id: str, day: str, targets: list[str]) -> None:
    """One eligible KR ministry unit of ``day`` with one hostile sentence toward each of
    ``targets`` (as the tagger leaves it: sentences, sentence scores, unit scores, flags)."""
    from warehouse import db

    with db.writer(project.warehouse_path) as con:
        con.execute("insert into units by name select ? as unit_id, ? as statement_id, 'kr_mofa_src' as source,"
                    " 'kr_mofa' as channel, 'KR' as country, 'ministry' as tier, 'ko' as lang,"
                    " ?::date as unit_date, 'x' as text, 'h' as unit_hash, true as eligible",
                    [unit_id, unit_id, day])
        con.execute("insert into statements (statement_id, version_no, n_versions, content_hash, source,"
                    " channel, country, tier, lang, title, url, text, text_status, event_date,"
                    " is_translation, loaded_at) values (?, 1, 1, 'h', 'kr_mofa_src', 'kr_mofa', 'KR',"
                    " 'ministry', 'ko', 't', ?, 'x', 'full', ?, false, now())",
                    [unit_id, f"https://example.kr/{unit_id}", day])
        con.execute("insert into unit_scores values (?, 'm-test', 'h', ?, now())", [unit_id, len(targets)])
        for idx, target in enumerate(targets):
            con.execute("insert into sentences values (?, 'm-test', ?, 0, 1, ?)",
                        [unit_id, idx, f"hostile toward {target}"])
            con.execute("insert into sentence_scores values (?, 'm-test', ?, .9, .1, .9, .1,"
                        " true, false, true, false, ?, 2, ['cue'])", [unit_id, idx, target])
            con.execute("insert into unit_flags values (?, 'm-test', ?, 1, true, 2, false, true, false,"
                        " true, .81)", [unit_id, target])
        db.publish_snapshot(con, project.snapshot_path)


def test_evidence_is_only_what_an_index_cell_counts(scored_warehouse, snap):
    """METHODOLOGY §1, §6.5: the index counts a hostile sentence toward a partner or context
    target (JP, US, KP, CN for KR), never one toward the actor itself or 'other'; the evidence
    of the release lists exactly the counted ones, so it shows what moved the index."""
    project = scored_warehouse(months=6)
    _add_unit_with_targets(project, "kr_mofa_src:extra", "2023-03-15", ["JP", "other", "KR", "CN"])
    build_index(project, draws=300)
    evidence = snap("select target, sentence from evidence where unit_id = 'kr_mofa_src:extra' order by all",
                    rows=True)
    assert evidence == [("CN", "hostile toward CN"), ("JP", "hostile toward JP")]
    assert snap("select count(*) from evidence where target = 'other' or target = actor") == 0
    flagged = snap("select count(*) from unit_flags where unit_id like 'kr_mofa_src:202303%' and target = 'JP'"
                   " and hostile")
    assert snap("select n_flagged from index_channel_monthly where (month, actor, channel, target)"
                " = ('2023-03', 'KR', 'kr_mofa', 'JP')") == flagged + 1  # the JP sentence was counted


def test_evidence_toward_an_all_only_target_is_kept(scored_warehouse, snap):
    """A partner target counted only in the actor-level ALL row ([index] all_targets beyond
    [index] targets) is evidence; the actor itself is not, even when listed in all_targets."""
    from pipeline.config import load_project

    project = scored_warehouse(months=6)
    (project.home / "rdi.toml").write_text(
        '[index]\ntargets = ["JP", "KR", "US"]\nall_targets = ["JP", "KR", "US", "CN"]\n', "utf-8")
    project = load_project(project.home)
    _add_unit_with_targets(project, "kr_mofa_src:extra", "2023-03-15", ["CN", "KP", "KR"])
    build_index(project, draws=300)
    assert snap("select list(target order by target) from evidence where unit_id = 'kr_mofa_src:extra'") == ["CN"]


def test_rdi_index_prints_the_notes_the_release_records(scored_warehouse, snap):
    """The audit note ('audit rounds not used: 2024Q3 simulated') reached the release notes (and
    the export manifest) but not what rdi index printed; now rdi index prints, in its table and
    in --json, the one list index_releases.notes records."""
    from pipeline.audit.sample import sample_round
    from tests.pipeline.test_cli_errors import rdi

    project = scored_warehouse(months=30)
    build_index(project, draws=200)
    sample_round(project, "2024Q3", per_language=20, seed=1, simulated=True)
    home = ["--home", str(project.home)]
    res = rdi("index", "--draws", "200", "--json", *home)
    assert res.returncode == 0, res.stderr[-2000:]
    printed = json.loads(res.stdout)
    recorded = snap("select notes from index_releases where release_id = ?", [printed["release_id"]])
    assert "audit rounds not used: 2024Q3 simulated" in recorded
    assert "; ".join(printed["notes"]) == recorded
    table = rdi("index", "--draws", "200", *home, env={"COLUMNS": "2000"})
    assert table.returncode == 0, table.stderr[-2000:]
    assert "audit rounds not used: 2024Q3 simulated" in table.stdout
