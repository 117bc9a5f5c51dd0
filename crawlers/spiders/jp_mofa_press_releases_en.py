"""MOFA Japan (EN): press releases and statements (FM, Press Secretary).

Discovery: ``/press/release/index.html`` (current month; ``dl.title-list`` with ``dt.list-title``
"August 19" — no year — then ``dd`` links), month archives ``/press/release/YYYYMM_index.html``
in the ``--since`` window, and the statement pages ``/press/statement/fm.html``, ``ps.html``.
Items ``/press/release/pressite_000001_NNNNN.html`` (their own sequence, unrelated to the JA
``pressit_`` numbers) and ``/press/release/…``, ``/press/page…``, ``/a_o/…`` readouts. EN texts
are translations; the pairing pipeline proposes the JA original.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from scrapy.http import Response

from crawlers.dates import parse_date
from crawlers.html import element_text
from crawlers.spiders import jp_mofa_common as mc
from crawlers.spiders.jp_mofa_press_releases_ja import JpMofaPressReleasesJaSpider

ITEM_RE = re.compile(r"^https?://www\.mofa\.go\.jp/(?!mofaj/)(?!.*(?:index|fm|ps|ps_bn|fm_archives)\.html$)[a-z_]+/.+\.(?:html|pdf)$")
ARCHIVE_RE = re.compile(r"/press/release/(20\d\d)(\d\d)_index\.html$")


class JpMofaPressReleasesEnSpider(JpMofaPressReleasesJaSpider):
    """MOFA EN press releases and statements."""

    name = "jp_mofa_press_releases_en"
    detail_patterns = (ITEM_RE.pattern,)
    routes = (
        (r"/press/release/(?:index\.html)?$", "parse_list"),
        (ARCHIVE_RE.pattern, "parse_list"),
        (r"/press/statement/[a-z_]+\.html$", "parse_list"),
        (r"www\.mofa\.go\.jp/whats/(?:index\.html)?$", "parse_list"),  # What's New: "Month D" groups, no year
    )

    def reference_date(self, response: Response) -> date:
        """Archive month end, else today."""
        if m := ARCHIVE_RE.search(response.url):
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        return self.today()

    def parse_list(self, response: Response) -> Any:
        """Dated groups, or title lists with the date in the link text; then archives."""
        sel = self.sel(response)
        ref = self.reference_date(response)
        seen: set[str] = set()
        for dt in sel.css("dl.title-list dt.list-title"):
            day = parse_date(element_text(dt), ref=ref)
            for a in dt.xpath("following-sibling::dd[1]//a[@href]"):
                url = response.urljoin(a.attrib["href"])
                if ITEM_RE.match(url) and url not in seen:
                    seen.add(url)
                    yield from self._follow(response, url, element_text(a), day)
        for item in mc.title_list(sel):
            url = response.urljoin(item["href"])
            if ITEM_RE.match(url) and url not in seen and "/press/" in url:
                seen.add(url)
                yield from self._follow(response, url, item["title"], item["date"])
        if ARCHIVE_RE.search(response.url) or "/statement/" in response.url or "/whats/" in response.url:
            return
        lo = mc.window_start(self.since, self.today())
        for year, month, href in mc.archive_months(sel, response.url):
            if (year, month) >= lo and ARCHIVE_RE.search(response.urljoin(href)):
                yield response.follow(href, callback=self.parse_list)

    def _follow(self, response: Response, url: str, title: str, day: date | None) -> Any:
        hints = {"list_title": title, "event_date": day.isoformat() if day else None}
        if req := self.follow_statement(response, url, list_date=day, hints=hints):
            yield req

    def parse_statement(self, response: Response) -> Any:
        """A release or statement page (EN), or a PDF-only statement (``/files/100….pdf``)."""
        if self.is_pdf(response):
            yield self.pdf_statement(response, site_id=self.site_id(response.url), is_translation=True)
            return
        sel = self.sel(response)
        hints = self.hints(response)
        raw = mc.body_text(sel)
        text = "\n".join(ln for ln in raw.splitlines() if not mc.EN_PROVISIONAL.match(ln) and ln not in ("Japanese", "日本語"))
        posted = mc.posted_date(sel)
        speaker = _statement_speaker(mc.detail_title(sel))
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url).removeprefix("press/release/"),
            title=mc.detail_title(sel) or hints.get("list_title", ""),
            text=text,
            speaker=speaker,
            event_date=parse_date(hints.get("event_date")) or posted or parse_date(text[:200]),
            published_at=posted,
            doc_type="statement" if speaker else "release",
            is_translation=True,
            alt_urls=mc.language_switch(sel, response.url, ("Japanese", "日本語")),
            extra={"provisional_translation": bool(mc.EN_PROVISIONAL.search(raw))},
        )


def _statement_speaker(title: str) -> str | None:
    """"Statement by Foreign Minister MOTEGI Toshimitsu on …" → "Foreign Minister MOTEGI Toshimitsu"."""
    m = re.search(r"(?:Statement|Comment|Remarks) by ((?:Foreign Minister|Press Secretary|Prime Minister)\s+[A-Z]{2,}\s+[A-Z][a-z]+)", title)
    if m:
        return m.group(1)
    m = re.search(r"\((?:Statement|Comment) by (?:the )?(Press Secretary|Foreign Minister|Prime Minister)\b", title)
    return m.group(1) if m else None
