"""MOFA Japan (JA): press releases and statements (報道発表・談話).

Discovery: ``/mofaj/press/release/index.html`` — ``div#pressrelease > dl.title-list`` with
``dt.list-title`` dates **without a year** ("8月19日付") followed by ``dd`` links — and the
month archives ``/mofaj/press/release/{R}_{MM}_index.html`` (令和 year) in the ``--since``
window, read from the page's archive table. The year of a yearless date is the latest one not
after the page's reference date (its archive month, else today capped by the newest 令和 year
the page shows). Links point to press releases and to meeting readouts elsewhere under
``/mofaj/``; both are MOFA announcements.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import parse_date
from crawlers.html import element_text
from crawlers.spiders import jp_mofa_common as mc

#: Releases and readouts (``.html``) and statements published only as PDF (``/mofaj/files/100….pdf``).
ITEM_RE = re.compile(r"^https?://www\.mofa\.go\.jp/mofaj/(?!.*index\.html$).+\.(?:html|pdf)$")
ARCHIVE_RE = re.compile(r"/mofaj/press/release/(\d{1,2})_(\d{1,2})_index\.html$")
#: 談話 (statements) name their author: "茂木外務大臣談話", "（外務報道官談話）".
SPEAKER_RE = re.compile(r"([^\s（()「」・、]{0,8}(?:外務大臣|外務報道官|外務副大臣|内閣総理大臣))(?:による)?談話")


class JpMofaPressReleasesJaSpider(StatementSpider):
    """MOFA JA press releases."""

    name = "jp_mofa_press_releases_ja"
    doc_type = "release"
    detail_patterns = (ITEM_RE.pattern,)
    routes = (
        (r"/mofaj/press/release/(?:index\.html)?$", "parse_list"),
        (ARCHIVE_RE.pattern, "parse_list"),
    )

    def reference_date(self, response: Response) -> date:
        """The date yearless list labels are read against."""
        if m := ARCHIVE_RE.search(response.url):
            y, mo = 2018 + int(m.group(1)), int(m.group(2))
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return nxt - timedelta(days=1)
        today = self.today()
        years = [y for y, _, _ in mc.archive_months(self.sel(response), response.url)]
        return min(today, date(max(years), 12, 31)) if years else today

    def parse_list(self, response: Response) -> Any:
        """Date groups (``dt.list-title``) and their links; then archive months in the window."""
        sel = self.sel(response)
        ref = self.reference_date(response)
        for dt in sel.css("div#pressrelease dl.title-list dt.list-title, dl.title-list dt.list-title"):
            day = parse_date(element_text(dt), ref=ref)
            for a in dt.xpath("following-sibling::dd[1]//a[@href]"):
                url = response.urljoin(a.attrib["href"])
                if not ITEM_RE.match(url):
                    continue
                hints = {"list_title": element_text(a), "event_date": day.isoformat() if day else None}
                if req := self.follow_statement(response, url, list_date=day, hints=hints):
                    yield req
        if ARCHIVE_RE.search(response.url):
            return
        lo = mc.window_start(self.since, self.today())
        for year, month, href in mc.archive_months(sel, response.url):
            if (year, month) >= lo and ARCHIVE_RE.search(response.urljoin(href)):
                yield response.follow(href, callback=self.parse_list)

    def parse_statement(self, response: Response) -> Any:
        """A release page (title, date, body) or a PDF-only statement."""
        path = re.sub(r"^mofaj/", "", self.site_id(response.url))
        if self.is_pdf(response):
            yield self.pdf_statement(response, site_id=path)
            return
        sel = self.sel(response)
        hints = self.hints(response)
        posted = mc.posted_date(sel)
        title = mc.detail_title(sel) or hints.get("list_title", "")
        m = SPEAKER_RE.search(title)
        yield self.make_statement(
            response,
            site_id=path.removeprefix("press/release/"),
            title=title,
            speaker=m.group(1) if m else None,
            doc_type="statement" if m else "release",
            text=mc.body_text(sel),
            event_date=parse_date(hints.get("event_date")) or posted,
            published_at=posted,
            alt_urls=mc.language_switch(sel, response.url, ("English", "英語")),
            extra={"posted_date": posted.isoformat() if posted else None},
        )
