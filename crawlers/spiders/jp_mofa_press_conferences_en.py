"""MOFA Japan (EN): press conferences of the Foreign Minister and the Press Secretary.

Discovery: ``/press/kaiken/index.html`` (current) and the month archives
``/press/kaiken/pc_YYYYMM_index.html`` in the ``--since`` window; list ``dl.title-list > dt > a``
whose text embeds the date "(July 15, 2025, 1:04 p.m.)". Records are provisional translations
(``is_translation``; the "Japanese" link is the language switch). A record that says "The text
will be coming soon." is ``pending`` and revisited until the text appears (a new version).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import parse_date
from crawlers.items import ROLE_OFFICIAL
from crawlers.spiders import jp_mofa_common as mc
from crawlers.turns import merge_adjacent

RECORD_RE = re.compile(r"/press/kaiken/(?:[a-z]+/)?kaiken[a-z]*\d*_[0-9_]+\.html$")
_TITLE_SPEAKER = re.compile(r"by\s+((?:Foreign Minister|Press Secretary|Deputy Press Secretary|State Minister[^A-Z]*)\s+[A-Z]{2,}\s+[A-Z][a-z]+)")


class JpMofaPressConferencesEnSpider(StatementSpider):
    """MOFA EN press conference records."""

    name = "jp_mofa_press_conferences_en"
    doc_type = "press_conference"
    detail_patterns = (RECORD_RE.pattern,)
    routes = (
        (r"/press/kaiken/(?:index\.html)?$", "parse_list"),
        (r"/press/kaiken/pc_\d{6}_index\.html$", "parse_list"),
        (RECORD_RE.pattern, "parse_statement"),
    )
    turn_rules = mc.EN_TURNS
    pending_markers = mc.EN_PENDING

    def parse_list(self, response: Response) -> Any:
        """Current list or a month archive; the current one also links the archives."""
        sel = self.sel(response)
        for item in mc.title_list(sel):
            url = response.urljoin(item["href"])
            if RECORD_RE.search(url):
                hints = {"list_title": item["title"], "event_date": item["date"].isoformat() if item["date"] else None}
                if req := self.follow_statement(response, url, list_date=item["date"], hints=hints):
                    yield req
        if not re.search(r"/pc_\d{6}_index\.html$", response.url):
            lo = mc.window_start(self.since, self.today())
            for year, month, href in mc.archive_months(sel, response.url):
                if (year, month) >= lo and "pc_" in href:
                    yield response.follow(href, callback=self.parse_list)

    def parse_statement(self, response: Response) -> Any:
        """A record: title, date line, provisional-translation note, turns."""
        sel = self.sel(response)
        title = mc.detail_title(sel)
        raw = mc.body_text(sel)
        provisional = bool(mc.EN_PROVISIONAL.search(raw))
        header = mc.header_date_text(sel) or _first_date_line(raw)
        text = "\n".join(ln for ln in raw.splitlines() if not _furniture(ln, header))
        event = parse_date(header) or parse_date(self.hints(response).get("event_date")) or parse_date(title)
        m = _TITLE_SPEAKER.search(title)
        speaker = m.group(1) if m else None
        turns = self.split(text, opening_speaker=speaker)
        if speaker:
            surname = speaker.split()[-2]
            for t in turns:
                if t.role == ROLE_OFFICIAL and (t.speaker is None or surname.lower() in t.speaker.lower()):
                    t.speaker = speaker
        turns = merge_adjacent(turns)
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url).rsplit("/", 1)[-1],
            title=title,
            text=text,
            speaker=speaker,
            event_date=event,
            published_at=mc.posted_date(sel),
            turns=turns if len(turns) > 1 else [],
            is_translation=True,
            alt_urls=mc.language_switch(sel, response.url, ("Japanese", "日本語")),
            extra={"date_line": header or None, "provisional_translation": provisional},
        )


def _furniture(line: str, header: str) -> bool:
    """Lines that are page apparatus, not words spoken: date line, video link, notes."""
    return bool(
        mc.EN_PROVISIONAL.match(line) or line in ("Japanese", "日本語") or line.startswith("(Video)")
        or (header and line == header) or (mc.EN_DATE_LINE.match(line) and len(line) < 90)
    )


def _first_date_line(text: str) -> str:
    """The "Wednesday, February 12, 2025, 4:18 p.m." line near the top of the text."""
    for line in text.splitlines()[:6]:
        if re.search(r"\b(19|20)\d\d\b", line) and parse_date(line):
            return line
    return ""
