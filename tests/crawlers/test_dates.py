"""crawlers.dates: era boundaries, full-width digits, yearless dates, feeds, slugs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from crawlers.dates import date_from_url, infer_year, parse_date, parse_feed_datetime, title_event_date

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明治45年7月29日", date(1912, 7, 29)),   # last day of Meiji
        ("大正元年7月30日", date(1912, 7, 30)),   # first day of Taisho
        ("大正15年12月24日", date(1926, 12, 24)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和6年3月1日", date(2024, 3, 1)),      # dateparser alone returns None here
        ("令和８年８月１２日付", date(2026, 8, 12)),  # full-width digits
        ("更新日：令和８年８月２０日", date(2026, 8, 20)),
        ("令和六年三月一日", date(2024, 3, 1)),     # kanji numerals
        ("平成38年1月1日", date(2026, 1, 1)),      # "continued" Heisei seen at ministries
        ("令和8(2026)年8月19日", date(2026, 8, 19)),  # western year in brackets
        ("R8.8.19", date(2026, 8, 19)),             # abbreviated era
        ("令和8.8.19", date(2026, 8, 19)),
        ("H31.4.30", date(2019, 4, 30)),
    ],
)
def test_era_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["令和元年4月30日", "昭和元年12月24日", "令和6年2月30日"])
def test_impossible_era_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("8月19日付", date(2026, 8, 20), date(2026, 8, 19)),
        ("12月28日付", date(2027, 1, 5), date(2026, 12, 28)),   # December item listed in January
        ("1月5日付", date(2026, 1, 31), date(2026, 1, 5)),
        ("July 15", date(2026, 8, 1), date(2026, 7, 15)),
        ("December 30", date(2027, 1, 2), date(2026, 12, 30)),
    ],
)
def test_yearless_dates(text, ref, expected):
    assert parse_date(text, ref=ref) == expected


def test_yearless_without_reference_is_none():
    assert parse_date("8月19日付") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026.08.19", date(2026, 8, 19)),                      # Korean list dates
        ("2026. 8. 9.", date(2026, 8, 9)),
        ("2026-08-19 10:11:12.0", date(2026, 8, 19)),
        ("2026년 8월 15일", date(2026, 8, 15)),
        ("Sept. 15, 2026", date(2026, 9, 15)),                  # AP abbreviation (DoD)
        ("Tuesday, August 18, 2026, 4:00 p.m.", date(2026, 8, 18)),
        ("(July 15, 2025, 1:04 p.m.)", date(2025, 7, 15)),
        ("15 August 2026", date(2026, 8, 15)),
    ],
)
def test_other_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 Aug 2026 03:13:00 +0900", datetime(2026, 8, 20, 3, 13, tzinfo=JST)),         # kantei: no weekday
        ("Wed, 19 Aug 2026 18:02:36 +0900", datetime(2026, 8, 19, 18, 2, 36, tzinfo=JST)),
        ("Wed, 19 Aug 2026 18:02:36 JST", datetime(2026, 8, 19, 18, 2, 36, tzinfo=JST)),  # non-standard token
        ("2026-08-19T10:00:00Z", datetime(2026, 8, 19, 10, tzinfo=timezone.utc)),
    ],
)
def test_feed_datetimes(text, expected):
    assert parse_feed_datetime(text) == expected


def test_unreadable_feed_date_is_none():
    assert parse_feed_datetime("soon") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html", date(2026, 8, 19)),
        ("https://japan.kantei.go.jp/104/statement/202512/17kaiken.html", date(2025, 12, 17)),
        ("https://www.kantei.go.jp/jp/tyoukanpress/202603/1_a.html", date(2026, 3, 1)),
        ("https://www.kantei.go.jp/jp/105/discourse/20260812shiji.html", date(2026, 8, 12)),
        ("https://www.mod.go.jp/j/press/news/2026/07/31a.pdf", date(2026, 7, 31)),
        ("https://www.mod.go.jp/j/press/kisha/2026/0301a_r.html", date(2026, 3, 1)),
        ("https://www.whitehouse.gov/videos/press-secretary-briefs-members-of-the-media-jul-23-2026/", date(2026, 7, 23)),
        ("https://www.state.gov/briefings/department-press-briefing-july-31-2025/", date(2025, 7, 31)),
    ],
)
def test_slug_dates(url, expected):
    assert date_from_url(url) == expected


def test_korean_title_date_within_lag():
    assert title_event_date("8/14(목) 광복절 경축식 축사", date(2026, 8, 16)) == date(2026, 8, 14)


def test_korean_title_date_too_old_ignored():
    assert title_event_date("3/1(일) 삼일절 기념사", date(2026, 8, 16)) is None


def test_infer_year_never_far_future():
    assert infer_year(11, 30, date(2026, 11, 25)) == date(2025, 11, 30)
