"""Ministry of Defense Japan (JA): minister press conferences and press releases.

Discovery: ``/j/rss/news.xml`` — RSS 2.0 with a UTF-8 BOM, **relative** ``<link>`` s, non-press
items (``/j/approach/…``, filtered to ``/j/press/``) and ``pubDate`` = the feed's **batch build
time** shared by many items (kept as ``extra["feed_batch_time"]``, never as the item's time;
the event date comes from the URL ``/YYYY/MM/DDa``) — plus the minister press conference index
``/j/press/kisha/index.html`` (``/j/press/kisha/YYYY/MMDD{a,b}[_r].html``, JA only). PDF
releases are extracted with pypdf; a PDF without extractable text is kept as ``partial``
(title only, ``extra["text_missing"]``), never as silence.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, parse_date
from crawlers.html import element_text, main_text
from crawlers.items import ROLE_OFFICIAL, ROLE_REPORTER, TEXT_FULL, TEXT_PARTIAL
from crawlers.turns import TurnRule, merge_adjacent

PRESS_RE = re.compile(r"^https?://www\.mod\.go\.jp/j/press/(?:kisha|news)/\d{4}/[\w/]+\.(?:html|pdf)$")
KISHA_RE = re.compile(r"/j/press/kisha/(\d{4})/(\d{2})(\d{2})[a-z]?\d?(?:_r)?\.html$")
BODY = ("div#main", "div.main", "div#contents", "div.contents", "main", "article")
SKIP = ("header", "footer", "nav", "aside", "#breadcrumb", ".breadcrumb", ".topicpath", "h1", ".pagetop", "form", "script", ".sns")
#: One entry of ``kisha_ja.js`` (keys quoted or not, either quote, any order of other keys).
KISHA_JS_ENTRY = re.compile(
    r"""["']?date["']?\s*:\s*(?P<q1>["'])(?P<date>.*?)(?P=q1)[^}]*?"""
    r"""["']?title["']?\s*:\s*(?P<q2>["'])(?P<title>.*?)(?P=q2)[^}]*?"""
    r"""["']?url["']?\s*:\s*(?P<q3>["'])(?P<url>.*?)(?P=q3)""",
    re.S,
)
#: Labels of the record's header block: "日時：…" on one line, or the label (``dt``/``th``) and
#: its value (``dd``/``td``) on two lines, as on the real pages (2020–26).
HEADER_LABELS = {"日時": "datetime", "場所": "place", "備考": "note", "出席者": "attendees"}
_HEADER_RE = re.compile(r"^(日時|場所|備考|出席者)\s*[:：]?\s*(.*)$")
MINISTER_RE = re.compile(r"([^\s、。（）()【】「」]{1,6}防衛(?:大臣|副大臣|大臣政務官))")


class JpModPressConferencesJaSpider(StatementSpider):
    """MOD minister press conferences and press releases (JA)."""

    name = "jp_mod_press_conferences_ja"
    doc_type = "press_conference"
    detail_patterns = (PRESS_RE.pattern,)
    routes = (
        (r"/j/rss/news\.xml$", "parse_feed"),
        (r"/j/press/kisha/(?:index\.html)?$", "parse_list"),
        (r"/j/press/kisha/\d{4}/(?:index\.html)?$", "parse_list"),
        (r"/j/press/kisha/[\w\-]*\.js$", "parse_kisha_js"),
    )
    turn_rules = (
        TurnRule.of(r"(?:\d\s*)?(?:発表事項|質疑応答)\s*$", None),
        TurnRule.of(r"(?P<speaker>Q|記者)\s*[:：]", ROLE_REPORTER),
        TurnRule.of(r"(?P<speaker>A|大臣|防衛大臣)\s*[:：]", ROLE_OFFICIAL),
    )

    def parse_feed(self, response: Response) -> Any:
        """news.xml: press items only; batch pubDates are not item times."""
        entries = self.feed_entries(response)
        counts = Counter(e.published_at for e in entries if e.published_at)
        for e in entries:
            if not e.url or not PRESS_RE.match(e.url):
                if e.url:
                    self.crawler.stats.inc_value("rdi/feed_entries_filtered")
                continue
            day = date_from_url(e.url) or (e.published_at.date() if e.published_at else None)
            batch = e.published_at is not None and counts[e.published_at] > 1
            hints = {"list_title": e.title, "event_date": day.isoformat() if day else None,
                     "feed_time": e.published_at.isoformat() if e.published_at else None, "feed_batch": batch}
            if req := self.follow_statement(response, e.url, list_date=day, hints=hints):
                yield req

    def parse_list(self, response: Response) -> Any:
        """Press conference index (or a year page): links to the records in the window."""
        sel = self.sel(response)
        found = 0
        for a in sel.css("a[href]"):
            url = response.urljoin(a.attrib["href"])
            if KISHA_RE.search(url):
                found += 1
                day = date_from_url(url)
                hints = {"list_title": element_text(a), "event_date": day.isoformat() if day else None}
                if req := self.follow_statement(response, url, list_date=day, hints=hints):
                    yield req
            elif re.search(r"/j/press/kisha/(\d{4})/(?:index\.html)?$", url) and self.since:
                year = int(re.search(r"/kisha/(\d{4})/", url).group(1))
                if year >= self.since.year:
                    yield response.follow(url, callback=self.parse_list)
        # The index builds its list in the browser from a script (``kisha_ja.js``: entries
        # ``{date:"令和8年7月28日…", title:"…", url:"2026/0728c_r.html"}``): read the script.
        scripts = [s for s in sel.css("script::attr(src)").getall() if re.search(r"/?kisha[\w\-]*\.js(?:\?|$)", s)]
        if not found and re.search(r"/j/press/kisha/(?:index\.html)?$", response.url):
            scripts = scripts or ["kisha_ja.js"]
        for src in dict.fromkeys(scripts):
            yield response.follow(src, callback=self.parse_kisha_js)

    def parse_kisha_js(self, response: Response) -> Any:
        """The script holding the press conference list: follow its records in the window."""
        text = self.decoded(response)[0]
        n = 0
        for m in KISHA_JS_ENTRY.finditer(text):
            url = response.urljoin(m["url"].strip())  # relative to /j/press/kisha/
            if not KISHA_RE.search(url):
                continue
            n += 1
            day = date_from_url(url) or parse_date(m["date"])
            hints = {"list_title": m["title"].strip(), "event_date": day.isoformat() if day else None}
            if req := self.follow_statement(response, url, list_date=day, hints=hints):
                yield req
        if not n:
            self.logger.error("MOD press conference script %s: no entries (format changed?)", response.url)
            self.crawler.stats.inc_value("rdi/discovery_failed")

    def parse_statement(self, response: Response) -> Any:
        """A press conference record, a release page or a release PDF."""
        hints = self.hints(response)
        event = parse_date(hints.get("event_date")) or date_from_url(response.url)
        extra: dict[str, Any] = {}
        if hints.get("feed_batch"):
            extra["feed_batch_time"] = hints.get("feed_time")
        published = None if hints.get("feed_batch") else hints.get("feed_time")
        is_kisha = bool(KISHA_RE.search(response.url))
        if response.url.lower().endswith(".pdf") or response.body[:5] == b"%PDF-":
            text = self.pdf_text(response) or ""
            title = hints.get("list_title") or self.site_id(response.url)
            status = TEXT_FULL if len(text) >= self.min_text_chars else TEXT_PARTIAL
            if status == TEXT_PARTIAL:
                extra["text_missing"] = "pdf_without_text"
                text = title
            yield self.make_statement(response, site_id=self._sid(response.url), title=title, text=text,
                                      event_date=event, published_at=published, text_status=status,
                                      doc_type="release", extra={**extra, "format": "pdf"})
            return
        sel = self.sel(response)
        title = element_text(sel.css("h1")) or hints.get("list_title") or ""
        text = main_text(sel, BODY, min_chars=10, skip_css=SKIP)
        head = title + "\n" + text[:300]
        m = MINISTER_RE.search(head)
        speaker = m.group(1) if m else None
        if is_kisha:  # the date/place header is not part of what the minister said
            header, text = kisha_header(text)
            extra.update({f"kisha_{k}": v for k, v in header.items()})
            text = "\n".join(ln for ln in text.splitlines() if ln != speaker)
        turns = self.split(text, opening_speaker=speaker) if is_kisha else []
        for t in turns:
            t.speaker = speaker if t.role == ROLE_OFFICIAL else "記者"
        turns = merge_adjacent(turns)
        if is_kisha:
            event = parse_date(head) or event
        yield self.make_statement(
            response, site_id=self._sid(response.url), title=title, text=text, speaker=speaker if is_kisha else None,
            event_date=event, published_at=published, turns=turns if len(turns) > 1 else [],
            doc_type="press_conference" if is_kisha else "release", extra=extra,
        )

    def _sid(self, url: str) -> str:
        """``press/kisha/2026/0301a_r`` (the path below /j/, extension kept for PDFs)."""
        path = re.sub(r"^j/", "", self.site_id(url))
        return path + ".pdf" if url.lower().endswith(".pdf") else path


def kisha_header(text: str) -> tuple[dict[str, str], str]:
    """Split the header block (日時 / 場所 / 備考) off a press conference record.

    The block sits before the first section (発表事項 / 質疑応答); a label may carry its value
    after a colon or on the next line. Returns ``({"datetime": …, "place": …, "note": …}, rest)``.
    """
    lines = text.splitlines()
    fields: dict[str, str] = {}
    keep: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i].strip()
        if re.match(r"^(?:\d\s*)?(?:発表事項|質疑応答)\s*$", ln):
            keep.extend(lines[i:])
            break
        m = _HEADER_RE.match(ln)
        if m and HEADER_LABELS[m.group(1)] not in fields:
            value = m.group(2).strip()
            if not value and i + 1 < len(lines) and not _HEADER_RE.match(lines[i + 1].strip()):
                value = lines[i + 1].strip()
                i += 1
            fields[HEADER_LABELS[m.group(1)]] = value
        else:
            keep.append(lines[i])
        i += 1
    return fields, "\n".join(keep)
