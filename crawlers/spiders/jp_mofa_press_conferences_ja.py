"""MOFA Japan (JA): Foreign Minister and Press Secretary press conference records.

Discovery: the conference indexes (``/mofaj/press/kaiken/gaisho/index.html``, ``hodokan``), a
year × month table; month pages in the ``--since`` window (the current and previous month
on every run) list the records. Records are transcripts: 冒頭発言 then ``【…記者】`` /
``【…外務大臣】`` turns (ad-hoc ones ``（大臣）``). No verified feed exists (sources.md).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import parse_date
from crawlers.spiders import jp_mofa_common as mc
from crawlers.turns import merge_adjacent, official_speaker

RECORD_RE = re.compile(r"/mofaj/press/kaiken/(?:[a-z]+/)?kaiken[a-z]*\d*_[0-9_]+\.html$")


class JpMofaPressConferencesJaSpider(StatementSpider):
    """MOFA JA press conference records."""

    name = "jp_mofa_press_conferences_ja"
    doc_type = "press_conference"
    detail_patterns = (RECORD_RE.pattern,)
    routes = (
        (r"/mofaj/press/kaiken/[a-z]+/index\.html$", "parse_index"),
        (r"/mofaj/press/kaiken/(?:index\.html)?$", "parse_index"),
        (RECORD_RE.pattern, "parse_statement"),
        (r"/mofaj/press/kaiken/", "parse_month"),
    )
    turn_rules = mc.JA_TURNS

    def parse_index(self, response: Response) -> Any:
        """Year × month table: month pages from the window start to now (at least the last two)."""
        months = mc.archive_months(self.sel(response), response.url)
        lo = mc.window_start(self.since, self.today())
        for year, month, href in months:
            if (year, month) >= lo:
                yield response.follow(href, callback=self.parse_month, meta={"rdi_month": (year, month)})
        # Index pages sometimes list the latest records directly.
        yield from self.parse_month(response)

    def parse_month(self, response: Response) -> Any:
        """A month page: one link per conference record."""
        for item in mc.title_list(self.sel(response)):
            url = response.urljoin(item["href"])
            if not RECORD_RE.search(url):
                continue
            hints = {"list_title": item["title"], "event_date": item["date"].isoformat() if item["date"] else None}
            if req := self.follow_statement(response, url, list_date=item["date"], hints=hints):
                yield req

    def parse_statement(self, response: Response) -> Any:
        """A conference record: title, date line, turns, posting date."""
        sel = self.sel(response)
        text = mc.body_text(sel)
        header = mc.header_date_text(sel)
        event = parse_date(header) or parse_date(self.hints(response).get("event_date")) or parse_date(mc.detail_title(sel))
        turns = self.split(text, opening_speaker=None)
        named = official_speaker(turns)
        speaker = named if named not in (None, *_GENERIC) else (_speaker_from_title(mc.detail_title(sel)) or named)
        for t in turns:
            if t.role == "official" and t.speaker in (None, *_GENERIC):
                t.speaker = speaker
        turns = merge_adjacent(turns)
        posted = mc.posted_date(sel)
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url).rsplit("/", 1)[-1],
            title=mc.detail_title(sel),
            text=text,
            speaker=speaker,
            event_date=event,
            published_at=posted,
            turns=turns,
            alt_urls=mc.language_switch(sel, response.url, ("English", "英語")),
            extra={"date_line": header or None, "topics": mc.section_headings(sel) or None,
                   "posted_date": posted.isoformat() if isinstance(posted, date) else None},
        )


_GENERIC = ("大臣", "報道官", "副大臣")


def _speaker_from_title(title: str) -> str | None:
    """``岩屋外務大臣臨時会見記録`` → ``岩屋外務大臣``; ``外務報道官会見記録`` → ``外務報道官``."""
    m = re.match(r"(.{1,12}?(?:外務大臣|外務報道官|報道官|副大臣))", title)
    return m.group(1) if m else None
