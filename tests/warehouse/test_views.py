"""Views on hand-made rows: trends with zero months and NULL speakers, evidence, contracts."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import sqlfiles
from warehouse.checks import run_checks
from warehouse.migrate import migrate

UNITS = [
    # unit_id, channel, country, tier, lang, speaker, date, eligible, reason
    ("kr_mofa:1", "kr_mofa", "KR", "ministry", "ko", None, "2024-02-22", True, None),
    ("kr_mofa:2", "kr_mofa", "KR", "ministry", "ko", "대변인", "2024-02-23", True, None),
    ("kr_mofa:3", "kr_mofa", "KR", "ministry", "ko", "대변인", "2024-03-05", True, None),
    ("kr_mofa_en:1", "kr_mofa", "KR", "ministry", "en", None, "2024-02-22", False, "translation"),
]
# unit_id, idx, target, history, territory, nationalist, conciliatory, severity
SENTENCES = [
    ("kr_mofa:1", 0, "JP", False, True, True, False, 2),   # hostile toward JP
    ("kr_mofa:1", 1, None, False, False, False, False, 0),
    ("kr_mofa:2", 0, "JP", True, False, False, True, 0),   # conciliatory history
    ("kr_mofa:3", 0, None, False, False, False, False, 0),  # March: nothing flagged
]


@pytest.fixture
def con():
    c = duckdb.connect(":memory:")
    migrate(c)
    for uid, ch, country, tier, lang, speaker, day, ok, reason in UNITS:
        sid = uid
        c.execute(
            "insert into statements (statement_id, version_no, n_versions, content_hash, source, channel,"
            " country, tier, lang, title, url, text, text_status, speaker, event_date, is_translation,"
            " loaded_at) values (?, 1, 1, 'h', ?, ?, ?, ?, ?, 't', ?, 'x', 'full', ?, ?, ?, now())",
            [sid, sid.split(":")[0], ch, country, tier, lang, f"https://example.kr/{sid}", speaker, day,
             reason == "translation"])
        c.execute(
            "insert into units values (?, ?, null, ?, ?, ?, ?, ?, ?, ?, 'x', null, 'h', ?, ?)",
            [uid, sid, sid.split(":")[0], ch, country, tier, lang, speaker, day, ok, reason])
        if ok:
            n = sum(1 for s in SENTENCES if s[0] == uid)
            c.execute("insert into unit_scores values (?, 'm1', 'h', ?, now())", [uid, n])
    for uid, idx, target, hist, terr, nat, conc, sev in SENTENCES:
        c.execute("insert into sentences values (?, 'm1', ?, 0, 1, ?)", [uid, idx, f"sentence {idx}"])
        c.execute(
            "insert into sentence_scores values (?, 'm1', ?, .9, .9, .9, .9, ?, ?, ?, ?, ?, ?, ['cue'])",
            [uid, idx, hist, terr, nat, conc, target, sev])
    c.execute(
        "insert into unit_flags values ('kr_mofa:1', 'm1', 'JP', 1, true, 2, false, false, true, true, .81),"
        " ('kr_mofa:2', 'm1', 'JP', 1, false, 0, true, true, false, false, 0)")
    return c


def trend(con, month, target, label):
    return con.execute(
        "select units, sentences, flagged_units, share from trend_monthly "
        "where month = ? and target = ? and label = ?", [month, target, label]).fetchall()


def test_trend_counts_units_and_flags_per_month(con):
    assert trend(con, "2024-02-01", "JP", "hostile") == [(2, 3, 1, 0.5)]
    assert trend(con, "2024-02-01", "JP", "conciliatory") == [(2, 3, 1, 0.5)]
    assert trend(con, "2024-02-01", "ANY", "territory") == [(2, 3, 1, 0.5)]


def test_a_month_without_flags_has_zero_rows_not_missing_rows(con):
    assert trend(con, "2024-03-01", "JP", "hostile") == [(1, 1, 0, 0.0)]
    assert con.execute("select count(*) from trend_monthly where month = '2024-04-01'").fetchall() == [(0,)]


def test_translations_are_not_in_the_denominator_and_no_self_target(con):
    assert con.execute("select max(units) from trend_monthly where month = '2024-02-01'").fetchall() == [(2,)]
    assert con.execute("select count(*) from trend_monthly where target = 'KR'").fetchall() == [(0,)]


def test_weekly_trend_splits_by_iso_week(con):
    rows = con.execute(
        "select week, units, flagged_units from trend_weekly where target = 'JP' and label = 'hostile' "
        "order by week").fetchall()
    assert [(str(w), u, f) for w, u, f in rows] == [("2024-02-19", 2, 1), ("2024-03-04", 1, 0)]


def test_evidence_lists_hostile_sentences_with_null_speaker(con):
    """rdi index keeps the hostile sentences of the flagged units it counted with its release;
    the evidence view shows those of the latest release."""
    params = {"release_id": 1, "model_version": "m1", "vintage": "v1", "cutoff": None,
              "all_targets": ["JP", "KR", "US"]}
    con.execute("insert into index_channel_values (release_id, month, actor, channel, target, n_units,"
                " n_flagged) values (1, '2024-02-01', 'KR', 'kr_mofa', 'JP', 2, 1)")
    assert sqlfiles.query(con, "index/evidence", params) == [(1,)]
    assert con.execute("select count(*) from evidence").fetchall() == [(0,)]  # no release yet
    con.execute("insert into index_releases (release_id, run_id, vintage, model_version, computed_at,"
                " draws, seed, error_rates, evidence_rows) values (1, 1, 'v1', 'm1', now(), 100, 1, '{}', 1)")
    rows = con.execute("select unit_id, speaker, target, sentence, labels, url, score from evidence").fetchall()
    assert rows == [("kr_mofa:1", None, "JP", "sentence 0", "territory;nationalist",
                     "https://example.kr/kr_mofa:1", pytest.approx(0.81))]


def test_contract_checks_pass_on_good_rows_and_catch_bad_ones(con):
    assert all(v == [] for v in run_checks(con).values())
    con.execute("insert into unit_scores values ('kr_mofa_en:1', 'm1', 'h', 1, now())")
    assert run_checks(con)["scored_units_eligible"] == [("kr_mofa_en:1",)]
