"""``DodSpider``: Department of Defense / War pages (defense.gov → war.gov, Sept. 2025).

Articles live at ``/News/{Transcripts/Transcript|Releases/Release}/Article/{id}/{slug}/`` (older:
``/Newsroom/…``) on both hosts with the same numeric id, so the id — not the slug or host — is
the statement id. Lists carry links as ``listing-with-preview@article-url`` attributes of custom
elements (or plain links); ``RSS.ashx`` feeds redirect from defense.gov to war.gov. Pages:
``h1.maintitle``, ``span.date`` ("Sept. 15, 2026"), ``div.body``, ``span.author-block``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import parse_date
from crawlers.html import first_text
from crawlers.spiders.us_common import (
    ET,
    element_paragraphs,
    to_date,
    transcript_fields,
)

ARTICLE_ID = re.compile(r"/Article/(\d{6,8})(?:/|$)")
RENAMED = date(2025, 9, 5)


class DodSpider(StatementSpider):
    """Lists and feeds → article pages of one kind (``Transcripts`` or ``Releases``)."""

    tz = ET
    #: Path part that marks this spider's articles, e.g. "/Transcripts/Transcript/Article/".
    kind_path = ""
    extra_sites = ("defense.gov", "war.gov")
    routes = (
        (r"RSS\.ashx", "parse_feed"),
        (r"/Article/\d{6,8}", "parse_statement"),
        (r"^https?://www\.(?:defense|war)\.gov/(?:(?:News|Newsroom)/(?:Transcripts|Releases)/?)?(?:\?.*)?$", "parse_list"),
    )

    def is_mine(self, url: str) -> bool:
        """True for article URLs of this spider's kind (News/ and Newsroom/ paths)."""
        return self.kind_path.lower() in url.lower() and bool(ARTICLE_ID.search(url))

    def parse_feed(self, response: Response) -> Any:
        """RSS items → article pages (feed dates bound the window)."""
        for entry in self.feed_entries(response):
            if not entry.url or not self.is_mine(entry.url):
                continue
            req = self.follow_statement(response, entry.url, list_date=to_date(entry.published_at),
                                        hints={"list_title": entry.title}, callback=self.parse_statement)
            if req:
                yield req

    def parse_list(self, response: Response) -> Any:
        """``listing-*@article-url`` attributes and plain links to this kind's articles; next page."""
        sel = self.sel(response)
        urls = sel.xpath("//*[@article-url]/@article-url").getall() + sel.css("a::attr(href)").getall()
        seen: set[str] = set()
        days = []
        for raw in urls:
            url = response.urljoin(raw.strip())
            m = ARTICLE_ID.search(url)
            if not m or not self.is_mine(url) or m[1] in seen:
                continue
            seen.add(m[1])
            node = sel.xpath("//*[@article-url=$u]", u=raw)
            day = parse_date(node.attrib.get("publish-date-ap", "") or node.attrib.get("publish-date", "")) if node else None
            days.append(day)
            req = self.follow_statement(response, url, list_date=day, callback=self.parse_statement)
            if req:
                yield req
        page = int(m[1]) if (m := re.search(r"[?&]Page=(\d+)", response.url, re.IGNORECASE)) else 1
        nxt = next((h for h in sel.css("a::attr(href)").getall() if re.search(rf"[?&]Page={page + 1}\b", h, re.IGNORECASE)), None)
        if seen and nxt:
            req = self.follow_list(response, nxt, days, callback=self.parse_list)
            if req:
                yield req

    def parse_statement(self, response: Response) -> Any:
        """An article page: title, AP-style date, body (turns for transcripts)."""
        sel = self.sel(response)
        title = first_text(sel, "h1.maintitle", "meta[property='og:title']::attr(content)", "h1") or self.hints(response).get("list_title") or ""
        day = parse_date(first_text(sel, "span.date", ".date") or "") or (
            parse_date(self.hints(response)["list_date"]) if self.hints(response).get("list_date") else None
        )
        body = sel.css("div.body") or sel.css("div.article-body")
        paragraphs = element_paragraphs(body[0]) if body else []
        fields = transcript_fields(paragraphs, title, day)
        m = ARTICLE_ID.search(response.url)
        authors = [a.strip() for a in sel.css("span.author-block a::text, span.author-block::text").getall() if a.strip()]
        yield self.make_statement(
            response,
            title=title,
            text=fields["text"],
            site_id=m[1] if m else None,
            speaker=fields["speaker"],
            event_date=day,
            turns=fields["turns"],
            doc_type=self.doc_type_for(title, fields["has_questions"]),
            extra={**fields["extra"], "authors": authors,
                   "department": "Department of War" if day and day >= RENAMED else "Department of Defense"},
        )

    def doc_type_for(self, title: str, questions: bool) -> str:
        """Document type (subclasses refine)."""
        return self.doc_type
