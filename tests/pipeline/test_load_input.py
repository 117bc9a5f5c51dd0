"""rdi load on awkward input: blank-looking texts and publication times given in UTC."""

from __future__ import annotations

import pytest

from pipeline.load import load


@pytest.mark.parametrize("text", ["\n\n", "\t \r\n", "\u3000\u3000", "\u00a0", " \u200b\ufeff "])
def test_whitespace_only_text_is_not_an_eligible_unit(project, stage, statement, snap, text):
    """A text of line breaks, tabs, ideographic or no-break spaces has no words: no_text."""
    stage([statement("blank", text), statement("ok", "竹島は日本固有の領土です。")])
    load(project)
    rows = snap("select unit_id, eligible, excluded_reason from units order by 1", rows=True)
    assert rows == [
        ("jp_mofa_press_conferences_ja:blank", False, "no_text"),
        ("jp_mofa_press_conferences_ja:ok", True, None),
    ]


def test_blank_answer_turn_is_not_an_eligible_unit(project, stage, statement, snap):
    stage([statement("qa", "全文", turns=[("reporter", "質問です。"), ("official", "\n\u3000\n")])])
    load(project)
    assert snap("select eligible, excluded_reason from units", rows=True) == [(False, "no_text")]


@pytest.mark.parametrize(("source", "published_at", "expected"), [
    # 23:30 UTC on 31 March is 08:30 on 1 April in Seoul and Tokyo
    ("kr_mofa_press_releases_ko", "2026-03-31T23:30:00+00:00", "2026-04-01"),
    ("jp_mofa_press_conferences_ja", "2025-12-31T15:00:00Z", "2026-01-01"),
    # 02:00 UTC on 1 April is 22:00 on 31 March in Washington
    ("us_state_briefings", "2026-04-01T02:00:00+00:00", "2026-03-31"),
    ("kr_mofa_press_releases_ko", "2026-03-31 23:30:00+0000", "2026-04-01"),
    # posted with the publisher's own offset, or without any: the date as written
    ("kr_mofa_press_releases_ko", "2026-03-31T23:30:00+09:00", "2026-03-31"),
    ("us_state_briefings", "2026-03-31T23:30:00-04:00", "2026-03-31"),
    ("kr_mofa_press_releases_ko", "2026-03-31T23:30:00", "2026-03-31"),
    ("kr_mofa_press_releases_ko", "2026-03-31", "2026-03-31"),
])
def test_publication_date_is_the_publishers_local_date(project, stage, statement, snap,
                                                      source, published_at, expected):
    """Without an event date, a unit is dated by its publication date in the publisher's
    time zone (METHODOLOGY §1), also when the feed gave the time in UTC."""
    stage([statement("1", "本文", source=source, event_date=None, published_at=published_at)],
          source=source)
    load(project)
    assert str(snap("select published_date from statements")) == expected
    assert str(snap("select unit_date from units")) == expected


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("event_date", "0019-10-15", "bad_value:event_date"),        # a two-digit year read as AD 19
    ("event_date", "1926-12-25", "bad_value:event_date"),        # an era year misread (Showa 1)
    ("event_date", "2206-10-15", "bad_value:event_date"),        # after the load
    ("published_at", "1926-12-25T10:00:00+09:00", "bad_value:published_at"),
    ("published_at", "2206-01-01T10:00:00+09:00", "bad_value:published_at"),
])
def test_dates_outside_the_possible_range_are_quarantined(project, stage, statement, snap,
                                                          field, value, reason):
    """One statement dated decades before the archive (or after it was fetched) stretched the
    index's month grid over those decades: the base period then 'covered' the configured
    2013-2022 without a single unit in it and every RDI of every series came out NULL.
    (A date after the load, like 2206 for 2026, stretches it forward and makes the real
    months 'final'.)
    Such a date is a bad value, quarantined like an unreadable one."""
    fields = {"event_date": None, field: value}
    stage([statement("bad", "本文", **fields), statement("ok", "本文 2")])
    result = load(project)
    assert result.quarantined == 1
    assert snap("select reason from quarantine", rows=True) == [(reason,)]
    assert snap("select statement_id from statements", rows=True) == [
        ("jp_mofa_press_conferences_ja:ok",)]


def test_dates_across_the_range_limits_are_kept(project, stage, statement, snap):
    """Post-war archive pages and a statement dated the day after the load (time zones) load."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    stage([statement("old", "本文", event_date="1965-06-22"),
           statement("tomorrow", "本文 2", event_date=(now + timedelta(days=1)).date().isoformat(),
                     published_at=now.isoformat())])
    assert load(project).quarantined == 0
    assert snap("select count(*) from units where eligible") == 2
