"""Site rules shared by the Korean spiders (president.go.kr, mofa.go.kr, korea.kr).

Plain functions on strings and selectors, so the spiders stay thin and the rules can be
tested on their own: title event dates, presidents by date, the MOFA board markup and the
MOFA briefing Q&A turns (KO ``<질문>``/``<답변>``, EN ``Q:``/``A:``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from crawlers.items import ROLE_OFFICIAL, ROLE_REPORTER, Turn

#: (first day in office, name) of the presidents of the Republic of Korea, newest last.
KR_PRESIDENTS: tuple[tuple[date, str], ...] = (
    (date(2013, 2, 25), "박근혜"),
    (date(2017, 5, 10), "문재인"),
    (date(2022, 5, 10), "윤석열"),
    (date(2025, 6, 4), "이재명"),
)
KR_PRESIDENTS_EN: dict[str, str] = {
    "박근혜": "Park Geun-hye",
    "문재인": "Moon Jae-in",
    "윤석열": "Yoon Suk Yeol",
    "이재명": "Lee Jae Myung",
}

_KO_DATE = re.compile(r"(?<!\d)(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})(?!\d)")
_TITLE_MD = re.compile(r"^\s*[\[(]?\s*(\d{1,2})\s*/\s*(\d{1,2})\s*(?:\(\s*[월화수목금토일]\s*\))?")
_PAREN_MD = re.compile(r"\(\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s*(?:[^)]*)\)")


def kr_president_on(day: date | str | None, lang: str = "ko") -> str | None:
    """Name of the president in office on ``day`` (None before the table or for no day)."""
    if day is None:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    name = None
    for start, who in KR_PRESIDENTS:
        if day >= start:
            name = who
    if name is None:
        return None
    return KR_PRESIDENTS_EN[name] if lang == "en" else name


def ko_date(text: str | None) -> str | None:
    """First ``YYYY.MM.DD`` / ``YYYY-MM-DD`` / ``YYYY년 M월 D일`` in ``text`` as ISO, else None."""
    if not text:
        return None
    for m in _KO_DATE.finditer(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def _near_before(month: int, day: int, posted: date, max_days: int) -> date | None:
    """The date M/D in ``posted``'s year or the year before that is 0..max_days before ``posted``."""
    for year in (posted.year, posted.year - 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if timedelta(0) <= posted - cand <= timedelta(days=max_days):
            return cand
    return None


def title_event_date(title: str, posted: str | None, max_days: int = 3) -> str | None:
    """Event date from a president.go.kr title ``"M/D(요일) …"`` posted 0..3 days later.

    Returns None when the title has no such prefix or the date is not 0..``max_days`` days
    before the posting date (then the posting date stands).
    """
    m = _TITLE_MD.match(title or "")
    if not m or not posted:
        return None
    found = _near_before(int(m[1]), int(m[2]), date.fromisoformat(posted[:10]), max_days)
    return found.isoformat() if found else None


def title_paren_date(title: str, posted: str | None, max_days: int = 7) -> str | None:
    """Event date from a MOFA title ``"대변인 정례브리핑 (10.31)"`` (year from the posting date)."""
    m = _PAREN_MD.search(title or "")
    if not m or not posted:
        return None
    found = _near_before(int(m[1]), int(m[2]), date.fromisoformat(posted[:10]), max_days)
    return found.isoformat() if found else None


def json_list(payload: Any) -> tuple[list[dict[str, Any]], int | None]:
    """``(rows, total)`` of a president.go.kr ``bbsViewGalleryList.do`` answer (both layouts)."""
    data = payload.get("data", payload) if isinstance(payload, dict) else {}
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)], None
    rows = data.get("list") or data.get("resultList") or []
    total = data.get("totalRecordCount", data.get("totalCount"))
    try:
        total = int(total) if total is not None else None
    except (TypeError, ValueError):
        total = None
    return [r for r in rows if isinstance(r, dict)], total


def json_posted(row: dict[str, Any]) -> str | None:
    """Posting date of a list row: ``WRITE_DATE`` ("YYYY.MM.DD") or ``WRITE_DT`` (datetime)."""
    for key in ("WRITE_DATE", "WRITE_DT", "REG_DATE", "REG_DT"):
        found = ko_date(str(row.get(key) or ""))
        if found:
            return found
    return None


def json_posted_at(row: dict[str, Any]) -> str | None:
    """``WRITE_DT`` ("2025-08-15 14:22:31.0") as ISO datetime with the KST offset, if present."""
    raw = str(row.get("WRITE_DT") or row.get("REG_DT") or "")
    m = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})", raw)
    if not m:
        return None
    return datetime.fromisoformat(f"{m[1]}T{m[2]}+09:00").isoformat()


# --- mofa.go.kr boards -------------------------------------------------------------------

_SEQ_RE = re.compile(r"f_view\(\s*'?(\d+)'?|[?&]seq=(\d+)")


def mofa_seq(text: str | None) -> str | None:
    """The board ``seq`` from ``f_view('123')`` or a ``view.do?seq=123`` link."""
    m = _SEQ_RE.search(text or "")
    return (m[1] or m[2]) if m else None


def mofa_view_url(list_url: str, seq: str) -> str:
    """Canonical ``…/m_NNNN/view.do?seq=N`` for a list page URL of the same board."""
    base = list_url.split("?", 1)[0].rsplit("/", 1)[0]
    return f"{base}/view.do?seq={seq}"


def mofa_https(url: str) -> str:
    """Normalise feed links like ``http://www.mofa.go.kr:443/…`` to ``https://www.mofa.go.kr/…``."""
    url = url.strip().replace("&amp;", "&")
    return re.sub(r"^https?://(www\.)?mofa\.go\.kr(:\d+)?/", "https://www.mofa.go.kr/", url)


def mofa_list_rows(response: Any) -> list[dict[str, str | None]]:
    """``[{seq, title, date}]`` of a MOFA ``list.do`` page (``tbody tr``, notices skipped)."""
    rows = []
    for tr in response.css("tbody tr"):
        if "notice" in (tr.attrib.get("class") or ""):
            continue
        link = tr.css("a")
        raw = " ".join(link.xpath("@onclick | @href").getall())
        seq = mofa_seq(raw)
        if not seq:
            continue
        title = " ".join(" ".join(link[0].css("::text").getall()).split())
        rows.append({"seq": seq, "title": title, "date": ko_date(" ".join(tr.css("td ::text").getall()))})
    return rows


def mofa_head_field(response: Any, *labels: str) -> str | None:
    """Value of a ``div.bo_head dl`` field by its ``dt`` label (부서명/작성일/Date …)."""
    for dt in response.css("div.bo_head dt, div.board_view dt, .view_head dt"):
        label = " ".join(dt.css("::text").getall()).strip()
        if label in labels:
            dd = dt.xpath("following-sibling::dd[1]")
            value = " ".join(" ".join(dd.css("::text").getall()).split())
            if value:
                return value
    return None


def mofa_head_values(response: Any) -> list[str]:
    """The ``div.bo_head dl dd`` values in order (pages whose ``dd`` have no ``dt`` labels)."""
    return [" ".join(" ".join(dd.css("::text").getall()).split()) for dd in response.css("div.bo_head dl dd")]


def mofa_body(response: Any) -> Any:
    """The body element of a MOFA view page (``div.bo_con`` and its known fallbacks)."""
    for css in ("div.bo_con", "div.board_view_cont", "div.view_cont", "div.board_detail .bo_con"):
        found = response.css(css)
        if found:
            return found[0]
    return None
