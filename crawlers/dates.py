"""Date parsing for the publishers' formats: era dates, yearless dates, feeds, slugs.

Every function returns ``None`` for text it cannot read (never raises on bad input).
Japanese era dates go through ``japanera``'s era table (start dates of 明治…令和); the year
is ``era start year + N - 1`` without an upper bound, so the "continued" 平成38年 (= 2026)
that some ministries print still resolves. ``dateparser`` is the last resort for free text.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

JST = timezone(timedelta(hours=9), "JST")
KST = timezone(timedelta(hours=9), "KST")

_ERAS = ("令和", "平成", "昭和", "大正", "明治")
_KANJI_NUM = "〇一二三四五六七八九十百"
_NUM = rf"(?:元|\d{{1,3}}|[{_KANJI_NUM}]{{1,4}})"
ERA_RE = re.compile(
    rf"(?P<era>{'|'.join(_ERAS)})\s*(?P<y>{_NUM})\s*(?:\(\s*(?:19|20)\d\d\s*\)\s*)?年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日"
)
#: Abbreviated era dates: "R8.8.19", "令和8.8.19", "H31.4.30".
ERA_SHORT_RE = re.compile(r"(?<![A-Za-z])(?P<era>[RHS]|令和|平成|昭和)\s*(?P<y>\d{1,2}|元)\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<d>\d{1,2})(?!\d)")
_ERA_LETTER = {"R": "令和", "H": "平成", "S": "昭和"}
ERA_YEAR_RE = re.compile(rf"(?P<era>{'|'.join(_ERAS)})\s*(?P<y>{_NUM})\s*年")
JA_FULL_RE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
JA_MD_RE = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
KO_FULL_RE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")
NUMERIC_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)")
KO_MD_RE = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s*\(\s*[월화수목금토일]\s*\)")

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_WORD = r"(?P<mon>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
_MONTH_SLUG = _MONTH_WORD.replace(r"\.", "")
EN_MDY_RE = re.compile(rf"\b{_MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y>(?:19|20)\d\d)\b)?", re.I)
EN_DMY_RE = re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_MONTH_WORD}\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
SLUG_RES = (
    # -jul-23-2026 / -july-31-2025 (WH videos, State briefings)
    re.compile(r"(?<![a-z])" + _MONTH_SLUG + r"-(?P<d>\d{1,2})-(?P<y>(?:19|20)\d\d)(?!\d)", re.I),
    # /2026/0819kaiken.html (kantei JA)
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)(?P<d>[0-3]\d)[a-z_]"),
    # /202512/17kaiken.html, /tyoukanpress/202603/1_a.html (kantei EN, CCS)
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)/(?P<d>[0-3]?\d)(?:[a-z_.]|$)"),
    # /20260812shiji.html, /20260814danwa.html
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[a-z_.\-]|$)"),
    # /2026/07/31a.pdf, /2026/08/19/slug
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=[a-z_.\-/]|$)"),
    # /j/press/kisha/2026/0301a_r.html (same shape as kantei JA)
)


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII, odd spaces become spaces)."""
    return unicodedata.normalize("NFKC", text or "")


def _num(token: str) -> int | None:
    if token == "元":
        return 1
    if token.isdigit():
        return int(token)
    try:
        from kanjize import kanji2number

        return int(kanji2number(token))
    except Exception:  # noqa: BLE001 - unreadable numeral
        return None


@lru_cache(maxsize=8)
def era_start(era: str) -> date:
    """First day of a modern Japanese era (明治…令和), from japanera's era table."""
    from japanera import ERA_DATA_GENERAL

    for e in ERA_DATA_GENERAL:
        if e.kanji == era:
            return e.since
    raise KeyError(era)


def _safe_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def era_to_year(era: str, n: int) -> int:
    """Western year of year ``n`` of ``era`` (令和1 = 2019, 平成1 = 1989, 昭和64 = 1989)."""
    return era_start(era).year + n - 1


def parse_era_date(text: str) -> date | None:
    """First ``令和6年3月1日``-style date in ``text`` (full-width digits, 元年, kanji numerals)."""
    m = ERA_RE.search(nfkc(text)) or ERA_SHORT_RE.search(nfkc(text))
    if not m:
        return None
    n, mo, d = _num(m["y"]), _num(m["m"]), _num(m["d"])
    if n is None or n < 1:
        return None
    era = _ERA_LETTER.get(m["era"], m["era"])
    result = _safe_date(era_to_year(era, n), mo, d)
    if result is None or result < era_start(era):
        return None  # e.g. 令和元年4月30日 does not exist
    return result


def infer_year(month: int, day: int, ref: date, slack_days: int = 2) -> date | None:
    """Yearless ``M月D日`` / ``Month D``: the latest such date not after ``ref`` (+ slack)."""
    for y in (ref.year + 1, ref.year, ref.year - 1):
        cand = _safe_date(y, month, day)
        if cand and cand <= ref + timedelta(days=slack_days):
            return cand
    return _safe_date(ref.year - 1, month, day) or _safe_date(ref.year - 4, month, day)


def parse_date(text: str | None, ref: date | None = None, languages: list[str] | None = None) -> date | None:
    """Read the first date in ``text``: era, ``YYYY年M月D日``, ``YYYY.MM.DD``, ``Month D[, YYYY]``,
    ``Sept. 15, 2026``, ``M月D日付`` (year from ``ref``); dateparser as the last resort."""
    if not text:
        return None
    t = nfkc(text).replace("更新日", " ").replace("\u3000", " ")
    if d := parse_era_date(t):
        return d
    for rx in (JA_FULL_RE, KO_FULL_RE, NUMERIC_RE):
        if m := rx.search(t):
            if d := _safe_date(int(m["y"]), int(m["m"]), int(m["d"])):
                return d
    if m := EN_DMY_RE.search(t):
        if d := _safe_date(int(m["y"]), _month(m["mon"]), int(m["d"])):
            return d
    if m := EN_MDY_RE.search(t):
        mon, day = _month(m["mon"]), int(m["d"])
        if m["y"]:
            if d := _safe_date(int(m["y"]), mon, day):
                return d
        elif ref is not None and mon:
            return infer_year(mon, day, ref)
    for rx in (JA_MD_RE, KO_MD_RE):
        if (m := rx.search(t)) and ref is not None:
            return infer_year(int(m["m"]), int(m["d"]), ref)
    if re.search(r"\d", t) and len(t) < 60:
        return _dateparser(t, languages)
    return None


def _month(word: str) -> int:
    return _MONTHS.get(word.lower().rstrip(".")[:4], 0) or _MONTHS.get(word.lower()[:3], 0)


def _dateparser(text: str, languages: list[str] | None) -> date | None:
    try:
        import dateparser

        dt = dateparser.parse(text, languages=languages, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # noqa: BLE001 - dateparser raises on odd input
        return None
    return dt.date() if dt else None


def parse_feed_datetime(text: str | None, default_tz: timezone = UTC) -> datetime | None:
    """RFC-822 (with or without weekday, ``+0900`` or ``JST``), ISO-8601 or W3C-DTF feed dates."""
    if not text:
        return None
    t = " ".join(nfkc(text).split())
    t = re.sub(r"\b(JST|KST)\b", "+0900", t)
    t = re.sub(r"\b(EDT)\b", "-0400", t)
    t = re.sub(r"\b(EST)\b", "-0500", t)
    try:
        dt = parsedate_to_datetime(t)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is None:
        try:
            dt = datetime.fromisoformat(t.replace("Z", "+00:00"))
        except ValueError:
            dt = None
    if dt is None:
        m = re.search(r"(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)(?:\.\d+)?", t)
        if m:
            dt = datetime.fromisoformat(f"{m[1]}T{m[2]}")
        elif d := parse_date(t):
            dt = datetime(d.year, d.month, d.day)
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz)
    return dt


def date_from_url(url: str) -> date | None:
    """Date encoded in a URL path or slug (kantei, CCS, MOD, State, WH videos)."""
    path = url.split("?", 1)[0].lower()
    for rx in SLUG_RES:
        for m in rx.finditer(path):
            mon = _month(m["mon"]) if "mon" in m.groupdict() and m["mon"] else int(m["m"])
            if d := _safe_date(int(m["y"]), mon, int(m["d"])):
                return d
    return None


def title_event_date(title: str, posted: date | None, max_lag_days: int = 3) -> date | None:
    """Korean ``M/D(요일)`` or ``M월 D일`` title date, kept when 0..max_lag days before ``posted``."""
    if not title or posted is None:
        return None
    t = nfkc(title)
    m = KO_MD_RE.search(t) or re.search(r"(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일", t)
    if not m:
        return None
    d = infer_year(int(m["m"]), int(m["d"]), posted, slack_days=0)
    if d and 0 <= (posted - d).days <= max_lag_days:
        return d
    return None


def iso(d: date | datetime | None) -> str | None:
    """ISO string of a date or datetime, None stays None."""
    return d.isoformat() if d is not None else None


def utcnow_iso() -> str:
    """Current UTC time, ISO-8601 with offset, second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
