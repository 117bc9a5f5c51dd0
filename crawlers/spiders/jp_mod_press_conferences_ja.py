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
        for a in sel.css("a[href]"):
            url = response.urljoin(a.attrib["href"])
            if KISHA_RE.search(url):
                day = date_from_url(url)
                hints = {"list_title": element_text(a), "event_date": day.isoformat() if day else None}
                if req := self.follow_statement(response, url, list_date=day, hints=hints):
                    yield req
            elif re.search(r"/j/press/kisha/(\d{4})/(?:index\.html)?$", url) and self.since:
                year = int(re.search(r"/kisha/(\d{4})/", url).group(1))
                if year >= self.since.year:
                    yield response.follow(url, callback=self.parse_list)

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
            text = "\n".join(ln for ln in text.splitlines() if not re.match(r"^(?:日時|場所)\s*[:：]", ln) and ln != speaker)
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
