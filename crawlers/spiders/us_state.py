"""``StateDeptSpider``: what the state.gov spiders share (RSS, WP REST, sitemaps, lists, pages).

state.gov is WordPress: RSS ``/rss-feed/<name>/feed/`` with the whole HTML in
``content:encoded`` (plus inline ``<script>``), WP REST ``/wp-json/wp/v2/<type>``
(``content.rendered``), sitemaps on the archive host ``2021-2025.state.gov`` (robots
Crawl-delay 5, honoured by the throttle), lists ``li.collection-result`` and pages with
``h1.featured-content__headline``, ``p.article-meta__publish-date``,
``p.article-meta__author-bureau`` and ``div.entry-content``. Transcripts use ``QUESTION:`` /
``MR PRICE:`` / ``SECRETARY BLINKEN:`` labels.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from scrapy.http import Request, Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, parse_date, parse_feed_datetime
from crawlers.html import first_text
from crawlers.spiders.us_common import (
    ET,
    element_paragraphs,
    fragment_paragraphs,
    to_date,
    transcript_fields,
)

_BYLINE = re.compile(
    r"^(?P<name>[A-Z][\w.'’\- ]{2,60}?),\s+(?P<title>(?:Principal |Deputy )*(?:Department |Deputy Department )?"
    r"(?:Spokesperson|Secretary of State|Deputy Secretary of State|Under Secretary[\w ,]*|Assistant Secretary[\w ,]*|Ambassador[\w ,]*|Special (?:Envoy|Representative)[\w ,]*))$"
)
_ATTRIBUTED = re.compile(r"attributable to (?:Department |Deputy |Principal Deputy )*Spokesperson (?P<name>[A-Z][\w.'’\- ]{2,40}?)\s*:")
_SKIP = (
    ".wp-block-summary-article-index", ".related-tags__pills", ".related-tags", ".article-meta", "script", "style", "figure",
    # page furniture that lxml nests inside the first entry-content of report pages
    "header", "footer", "nav", "#breadcrumb__wrapper", ".bc_row", ".report-header", ".wp-block-reports-hero",
    ".report-toc__container", ".report__side", ".report-nav__overlay", ".report-builder-ui", ".report__back-to-top",
    ".wp-block-tags-block", ".cmplz-cookiebanner-container", ".mininav_outer", ".hidden", "input",
)
#: Where the words are: a report's sections, else the post body.
_BODIES = ("div.report__content", "div.entry-content")
#: A first paragraph naming who issued the text (kept as the byline, not part of the words).
_ISSUER = re.compile(r"^(?:Office of the Spokesperson|Office of [A-Z][\w ,'’-]{2,60}|Bureau of [A-Z][\w ,'’-]{2,60}|Media Note)$")


def slug_of(url: str) -> str:
    """WordPress slug (last path segment): the same briefing on www.state.gov and the archive host.

    Reports reuse one slug every year (``…/2024-country-reports-…/south-korea/``), so they keep
    their whole path.
    """
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "/reports/" in path:
        return "reports/" + path.split("/reports/", 1)[1].strip("/")
    return path.rstrip("/").rsplit("/", 1)[-1]


def state_title(text: str) -> str:
    """Title without the site suffix (``… - United States Department of State``)."""
    return re.sub(r"\s*[-–|]\s*United States Department of State\s*$", "", text or "").strip()


class StateDeptSpider(StatementSpider):
    """Shared state.gov discovery and page reading; subclasses say which items they want."""

    tz = ET
    routes = (
        (r"/rss-feed/.+/feed/?$|/feed/?$", "parse_feed"),
        (r"/wp-json/wp/v2/", "parse_wp_json"),
        (r"sitemap[^/]*\.xml", "parse_sitemap"),
        (r"state\.gov/(?:press-releases|department-press-briefings|releases/office-of-the-spokesperson)/(?:page/\d+/)?$", "parse_list"),
    )

    def wanted(self, url: str, title: str) -> bool:  # pragma: no cover - subclasses decide
        """True for the items this source collects."""
        raise NotImplementedError

    # --- discovery -----------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Any:
        """RSS items: whole statements from ``content:encoded`` (detail page when it is empty)."""
        for entry in self.feed_entries(response):
            if not entry.url or not self.wanted(entry.url, entry.title):
                continue
            day = to_date(entry.published_at)
            if entry.content.strip():
                if not self.feed_entry_in_window(day):
                    continue
                yield self.build(response, url=entry.url, title=entry.title, paragraphs=fragment_paragraphs(entry.content),
                                 day=day, published=entry.published_at,
                                 extra={"from": "feed", "creator": entry.creator, "guid": entry.guid})
            else:
                req = self.follow_statement(response, entry.url, list_date=day, callback=self.parse_statement)
                if req:
                    yield req

    def parse_wp_json(self, response: Response) -> Any:
        """WP REST items (``state_briefing`` …): statements from ``content.rendered``; next page."""
        posts = self.json_of(response)
        if not isinstance(posts, list):
            return
        days = []
        for post in posts:
            link = post.get("link") or ""
            title = state_title(" ".join(fragment_paragraphs((post.get("title") or {}).get("rendered", ""))))
            published = parse_feed_datetime((post.get("date_gmt") + "+00:00") if post.get("date_gmt") else post.get("date"))
            day = to_date(published)
            days.append(day)
            if not self.wanted(link, title) or not self.in_window(day):
                continue
            yield self.build(response, url=link, title=title, paragraphs=fragment_paragraphs((post.get("content") or {}).get("rendered", "")),
                             day=day, published=published, extra={"from": "wp-json", "wp_id": post.get("id")})
        per_page = int(m[1]) if (m := re.search(r"[?&]per_page=(\d+)", response.url)) else 10
        page = int(m[1]) if (m := re.search(r"[?&]page=(\d+)", response.url)) else 1
        total_pages = response.headers.get(b"X-WP-TotalPages")
        more = page < int(total_pages) if total_pages and total_pages.isdigit() else len(posts) >= per_page
        if more:
            nxt = re.sub(r"([?&])page=\d+", rf"\g<1>page={page + 1}", response.url) if m else response.url + ("&" if "?" in response.url else "?") + "page=2"
            req = self.follow_list(response, nxt, days, callback=self.parse_wp_json)
            if req:
                yield req

    def parse_sitemap(self, response: Response) -> Any:
        """Sitemap (index) of the archive host: follow wanted URLs in the window."""
        for entry in self.sitemap_entries(response):
            if entry.is_index:
                if not entry.lastmod or self.in_window(to_date(entry.lastmod)):
                    yield Request(entry.loc, callback=self.parse_sitemap, meta={"rdi_discovery": True})
                continue
            if not self.wanted(entry.loc, ""):
                continue
            day = date_from_url(entry.loc) or to_date(entry.lastmod)
            req = self.follow_statement(response, entry.loc, list_date=day, callback=self.parse_statement)
            if req:
                yield req

    def parse_list(self, response: Response) -> Any:
        """``li.collection-result`` rows (title link + "Month D, YYYY"), then ``/page/N+1/``."""
        sel = self.sel(response)
        days = []
        for row in sel.css("li.collection-result"):
            href = row.css("a.collection-result__link::attr(href)").get()
            title = first_text(row, "a.collection-result__link") or ""
            day = parse_date(first_text(row, ".collection-result-meta") or "")
            days.append(day)
            if href and self.wanted(response.urljoin(href), title):
                req = self.follow_statement(response, href, list_date=day, hints={"list_title": title}, callback=self.parse_statement)
                if req:
                    yield req
        nxt = sel.css("a.next::attr(href), .pagination__arrow--right::attr(href), a[rel=next]::attr(href)").get()
        req = self.follow_list(response, nxt, days, callback=self.parse_list)
        if req:
            yield req

    # --- pages ---------------------------------------------------------------------------
    def parse_statement(self, response: Response) -> Any:
        """A state.gov page: headline, publish date, bureau line, ``entry-content``."""
        sel = self.sel(response)
        title = state_title(
            first_text(sel, "h1.featured-content__headline", ".featured-content__copy h1", "h1",
                       "meta[property='og:title']::attr(content)") or self.hints(response).get("list_title") or ""
        )
        published = parse_feed_datetime(sel.css("meta[property='article:published_time']::attr(content)").get())
        day = parse_date(first_text(sel, "p.article-meta__publish-date", ".article-meta__publish-date") or "") or to_date(published)
        body = next((b[0] for css in _BODIES if (b := sel.css(css))), None)
        paragraphs = element_paragraphs(body, _SKIP) if body is not None else []
        bureau = first_text(sel, "p.article-meta__author-bureau", ".article-meta__author-bureau")
        yield self.build(response, url=response.url, title=title, paragraphs=paragraphs, day=day, published=published,
                         byline=bureau, extra={"doctype": first_text(sel, "p.doctype-meta", ".doctype-meta"),
                                               "modified_at": sel.css("meta[property='article:modified_time']::attr(content)").get()})

    def build(self, response: Response, *, url: str, title: str, paragraphs: list[str], day: date | None,
              published: datetime | None, byline: str | None = None, extra: dict[str, Any] | None = None) -> Any:
        """The statement of one page, feed item or REST post."""
        byline = byline or next((p for p in paragraphs[:2] if _BYLINE.match(p)), None)
        creator = (extra or {}).get("creator")
        if paragraphs and (_BYLINE.match(paragraphs[0]) or _ISSUER.match(paragraphs[0]) or paragraphs[0] in (byline, creator)):
            byline = byline or paragraphs[0]
            paragraphs = paragraphs[1:]  # the issuer line is who speaks, not what is said
        fields = transcript_fields(paragraphs, title, day)
        by = _BYLINE.match(byline or "")
        attributed = next((m for p in paragraphs[:3] if (m := _ATTRIBUTED.search(p))), None)
        speaker = (
            (by["name"].strip() if by else None)
            or (attributed["name"].strip() if attributed else None)
            or fields["speaker"]
            or (byline.split(",")[0].strip() if byline else None)
            or (extra or {}).get("creator")
        )
        return self.make_statement(
            response,
            title=title,
            text=fields["text"],
            url=url,
            site_id=slug_of(url),
            speaker=speaker,
            event_date=date_from_url(url) if "press-briefing" in url and date_from_url(url) else day,
            published_at=published,
            turns=fields["turns"],
            doc_type=self.doc_type_for(url, title, fields["has_questions"]),
            extra={**fields["extra"], "byline": byline, **(extra or {})},
        )

    def doc_type_for(self, url: str, title: str, questions: bool) -> str:
        """Document type of an item (subclasses refine)."""
        return self.doc_type
