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
