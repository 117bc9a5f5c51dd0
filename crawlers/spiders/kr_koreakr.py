"""``KoreaKrFeedSpider``: Korea Policy Briefing (korea.kr) feeds as a mirror of ministries' texts.

korea.kr republishes the President's speeches (``/rss/speech.xml``), the presidential office's
briefings (``/rss/president.xml``) and each ministry's releases and briefings
(``/rss/dept_{code}.xml``). Items link to ``/briefing/{speech|policyBriefing|pressRelease|…}View.do
?newsId=N`` (``newsId`` is the stable id; ``call_from`` is dropped); the page's ``.view_cont``
holds the text. The feed date is korea.kr's posting date, often days after the event, so the
event date comes from the page header. Statements record ``via = "mirror"``: korea.kr is a
republication, and for MND (no feed, TLS resets abroad) it is the only route.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import KST, parse_date
from crawlers.html import element_text, first_text
from crawlers.items import VIA_MIRROR
from crawlers.spiders.kr_common import kr_president_on
from crawlers.spiders.kr_turns import has_ko_qa, ko_briefing_turns

_DOC_TYPES = {
    "speech": "speech",
    "president": "briefing",
    "policyBriefing": "briefing",
    "briefing": "briefing",
    "pressRelease": "release",
    "actually": "statement",
}
#: A person's name (2-4 Hangul syllables, not an organisation ending in 부/실/처/청/원) + title.
_BRIEFER = re.compile(r"(?<![가-힣])([가-힣]{2,4}(?<![부실처청원])\s*(?:부?대변인|수석|안보실장|비서실장))")


def news_id(url: str | None) -> str | None:
    """korea.kr ``newsId`` of an item link."""
    if not url:
        return None
    ids = parse_qs(urlsplit(url).query).get("newsId")
    return ids[0] if ids else None


def view_kind(url: str) -> str:
    """``speech`` / ``policyBriefing`` / ``pressRelease`` … from ``/briefing/<kind>View.do``."""
    m = re.search(r"/([A-Za-z]+)View\.do", url)
    return m[1] if m else ""


class KoreaKrFeedSpider(StatementSpider):
    """Feed → detail page; subclasses name the feeds (``sources.toml``) and the speaker rule."""

    tz = KST
    detail_patterns = (r"korea\.kr/.+View\.do",)
    routes = ((r"korea\.kr/rss/", "parse_feed"), (r"korea\.kr/.+View\.do", "parse_statement"))
    #: Who speaks at briefings when the page names nobody (e.g. "외교부 대변인").
    briefing_speaker: str | None = None

    def parse_feed(self, response: Response) -> Any:
        """Follow each item's canonical ``…View.do?newsId=N`` page."""
        for entry in self.feed_entries(response):
            nid = news_id(entry.url)
            if not nid or not entry.url:
                self.crawler.stats.inc_value("rdi/feed_entry_without_id")
                continue
            url = f"https://www.korea.kr{urlsplit(entry.url).path}?newsId={nid}"
            day = entry.published_at.astimezone(KST).date() if entry.published_at else None
            hints = {"list_title": entry.title, "creator": entry.creator, "feed": response.url,
                     "published_at": entry.published_at.isoformat() if entry.published_at else None}
            req = self.follow_statement(response, url, list_date=day, hints=hints)
            if req:
                yield req

    def parse_statement(self, response: Response) -> Any:
        """A korea.kr article: title, header date (event), body, Q&A turns for briefings."""
        sel = self.sel(response)
        hints = self.hints(response)
        title = first_text(sel, ".article_head h1", ".view_title h1", "meta[property='og:title']::attr(content)", "h1") or hints.get("list_title") or ""
        head = first_text(sel, ".article_head .info", ".article_head", ".view_info", ".view_title", ".article_info", "span.date") or ""
        event = parse_date(head)
        body = sel.css(".view_cont") or sel.css(".article_body")
        paragraphs = [p for p in (element_text(body[0]).splitlines() if body else []) if p.strip()]
        kind = view_kind(response.url)
        speaker = self.speaker_for(title, head, kind, event, hints)
        turns = ko_briefing_turns(paragraphs, speaker) if has_ko_qa(paragraphs) else []
        nid = news_id(response.url)
        yield self.make_statement(
            response,
            title=title,
            text="\n".join(paragraphs),
            site_id=nid,
            url=f"https://www.korea.kr{urlsplit(response.url).path}?newsId={nid}" if nid else response.url,
            speaker=speaker,
            event_date=event or hints.get("list_date"),
            published_at=hints.get("published_at"),
            turns=turns,
            doc_type=_DOC_TYPES.get(kind, self.doc_type),
            via=VIA_MIRROR,
            extra={"publisher": (first_text(sel, ".article_head .info .source") or hints.get("creator")),
                   "feed": hints.get("feed")},
        )

    def speaker_for(self, title: str, head: str, kind: str, event: Any, hints: dict[str, Any]) -> str | None:
        """Speaker: a named briefer in the header/title, else the spider's default."""
        m = _BRIEFER.search(head) or _BRIEFER.search(title)
        if m:
            return " ".join(m[1].split())
        return self.briefing_speaker if _DOC_TYPES.get(kind) == "briefing" else None


class KrKoreakrSpeechesKoSpider(KoreaKrFeedSpider):
    """``/rss/speech.xml`` + ``/rss/president.xml``: the President's words as korea.kr posts them."""

    name = "kr_koreakr_speeches_ko"
    doc_type = "speech"

    def speaker_for(self, title: str, head: str, kind: str, event: Any, hints: dict[str, Any]) -> str | None:
        """Speeches are the President's (by date); briefings are the named spokesperson's."""
        if kind == "speech":
            return kr_president_on(event)
        return super().speaker_for(title, head, kind, event, hints) or "대통령실"
