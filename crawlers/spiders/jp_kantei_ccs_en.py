"""Kantei (EN): Chief Cabinet Secretary press conferences in English.

``japan.kantei.go.jp/tyoukanpress/index.html`` lists the sessions (same ``list-press``
template as JA); items ``/tyoukanpress/YYYYMM/{D}_{a|p}.html``. Tests from several vantage
points found these pages **video-only** (no transcript), so a page without text is recorded as
``video_only`` — never as silence — and text is taken when it does appear
(``CHIEF CABINET SECRETARY KIHARA:`` / ``REPORTER:`` turns).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, parse_date
from crawlers.items import TEXT_FULL, TEXT_VIDEO_ONLY
from crawlers.spiders import jp_kantei_common as kc
from crawlers.turns import TurnRule, merge_adjacent, official_speaker

SESSION_RE = re.compile(r"/tyoukanpress/(\d{6})/(\d{1,2})_([ap])\d*\.html$")
MONTH_RE = re.compile(r"japan\.kantei\.go\.jp/tyoukanpress/(\d{4})(\d{2})/(?:index\.html)?$")
SPEAKER_RE = re.compile(r"((?:Deputy )?Chief Cabinet Secretary\s+[A-Z]{2,}(?:\s+[A-Z][a-z]+)?)")


class JpKanteiCcsEnSpider(StatementSpider):
    """CCS press conferences (EN; usually video only)."""

    name = "jp_kantei_ccs_en"
    doc_type = "press_conference"
    detail_patterns = (SESSION_RE.pattern,)
    routes = (
        (r"/tyoukanpress/(?:index\.html)?$", "parse_list"),
        (MONTH_RE.pattern, "parse_list"),
    )
    turn_rules = tuple(TurnRule.of(rx, role) for rx, role in kc.EN_TURNS_SPEC)

    def parse_list(self, response: Response) -> Any:
        """Session list: one request per session in the window."""
        items = kc.press_items(self.sel(response))
        for i in items:
            hints = {"list_title": i["title"], "session": i["label"], "event_date": i["date"].isoformat() if i["date"] else None}
            if req := self.follow_statement(response, i["href"], list_date=i["date"], hints=hints):
                yield req
        dates = [i["date"] for i in items if i["date"]]
        if self.since and not (dates and min(dates) < self.since):
            for href in self.sel(response).css("a::attr(href)").getall():
                m = MONTH_RE.search(response.urljoin(href))
                if m and (int(m.group(1)), int(m.group(2))) >= (self.since.year, self.since.month):
                    yield response.follow(href, callback=self.parse_list)

    def parse_statement(self, response: Response) -> Any:
        """A session page: transcript if any, else video only."""
        sel = self.sel(response)
        hints = self.hints(response)
        text = "\n".join(ln for ln in kc.detail_body(sel).splitlines() if not re.match(r"^(?:Video|Play|Watch)\b", ln))
        m = SESSION_RE.search(response.url)
        found = SPEAKER_RE.findall(" ".join(sel.css("h1 ::text, p ::text, span ::text").getall()[:120]))
        speaker = found[0] if found else None
        # headers ("[Provisional Translation]", "Q&As", "…(Excerpt)") are no transcript by themselves
        words = "\n".join(ln for ln in text.splitlines() if not kc.EN_HEADER_LINE.match(ln))
        status = TEXT_FULL if len(words) >= self.min_text_chars else TEXT_VIDEO_ONLY
        turns = merge_adjacent(self.split(text, opening_speaker=speaker)) if status == TEXT_FULL else []
        for t in turns:
            t.speaker = kc.en_official_label(t.speaker)
        turns = merge_adjacent(turns)
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url),
            title=kc.en_title(sel),
            text=text,
            speaker=official_speaker(turns) or speaker,
            event_date=parse_date(hints.get("event_date")) or date_from_url(response.url),
            text_status=status,
            turns=turns if len(turns) > 1 else [],
            is_translation=True,
            extra={"session": hints.get("session") or ({"a": "AM", "p": "PM"}[m.group(3)] if m else None)},
        )


