"""White House briefings, statements and remarks (whitehouse.gov and the Biden archive host).

Discovery: ``sitemap_index.xml`` → ``post-sitemap*.xml`` with ``<lastmod>`` (sub-sitemaps and
URLs older than the window are skipped; a known page whose ``lastmod`` is newer than our last
visit is fetched again), WP REST ``/wp-json/wp/v2/posts`` (``content.rendered``), the Biden-era
``/briefing-room/feed/`` (full text in ``content:encoded``) and the Obama/Trump-era Drupal lists.
Pages of all four templates are read; transcripts split into turns (``Q`` / ``THE PRESIDENT:``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from scrapy.http import Request, Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, parse_date, parse_feed_datetime
from crawlers.html import first_text
from crawlers.items import TEXT_VIDEO_ONLY
from crawlers.spiders.us_common import (
    ET,
    element_paragraphs,
    fragment_paragraphs,
    to_date,
    transcript_fields,
)

WANTED = re.compile(
    r"^https?://(?:"
    r"www\.whitehouse\.gov/(?:briefings-statements|remarks|fact-sheets|releases)/\d{4}/\d{2}/[^/?#]+"
    r"|(?:bidenwhitehouse\.archives\.gov|www\.whitehouse\.gov)/briefing-room/(?:statements-releases|speeches-remarks|press-briefings)/\d{4}/\d{2}/\d{2}/[^/?#]+"
    r"|(?:www\.whitehouse\.gov|obamawhitehouse\.archives\.gov|trumpwhitehouse\.archives\.gov)/(?:the-press-office|briefings-statements)/\d{4}/\d{2}/[^?#]+"
    r")"
)
_BODIES = (
    ".field-name-field-forall-body",  # Obama/Trump-1 Drupal
    "section.body-content",  # Biden archive
    "div.entry-content",
    ".wp-block-post-content",
    "main article",
    "main",
)
_SKIP = (".wp-block-whitehouse-topper", ".share", ".social-share", "nav", ".wp-block-buttons", "h1", "figure")


class UsWhitehouseStatementsSpider(StatementSpider):
    """Sitemaps first, then feeds, REST and lists; one statement per page."""

    name = "us_whitehouse_statements"
    tz = ET
    doc_type = "statement"
    detail_patterns = (WANTED.pattern,)
    extra_sites = ("archives.gov",)
    routes = (
        (r"/sitemap_index\.xml|/sitemap\.xml$", "parse_sitemap_index"),
        (r"-sitemap\d*\.xml", "parse_sitemap"),
        (r"/wp-json/wp/v2/", "parse_wp_json"),
        (r"/feed/?$", "parse_feed"),
        (r"/briefing-room/(?:press-briefings|statements-and-releases|speeches-and-remarks)/?(?:\?|$)", "parse_drupal_list"),
        (r"whitehouse\.(?:archives\.)?gov/(?:briefings-statements|remarks|news|releases|fact-sheets|briefing-room"
         r"(?:/(?:statements-releases|speeches-remarks|press-briefings))?)/(?:page/\d+/?)?(?:\?.*)?$", "parse_wp_list"),
    )

    # --- discovery -----------------------------------------------------------------------
    def parse_sitemap_index(self, response: Response) -> Any:
        """Follow ``post-sitemap*.xml`` whose ``lastmod`` is in the window."""
        for entry in self.sitemap_entries(response):
            if not re.search(r"/post-sitemap\d*\.xml", entry.loc):
                continue
            if entry.lastmod and not self.in_window(to_date(entry.lastmod)):
                self.crawler.stats.inc_value("rdi/sitemap_skipped_unchanged")
                continue
            yield Request(entry.loc, callback=self.parse_sitemap, meta={"rdi_discovery": True})

    def parse_sitemap(self, response: Response) -> Any:
        """Follow wanted article URLs in the window; re-fetch known ones whose lastmod moved."""
        for entry in self.sitemap_entries(response):
            if not WANTED.match(entry.loc):
                continue
            changed = to_date(entry.lastmod)
            posted = date_from_url(entry.loc)
            if not (self.in_window(changed) or (posted and self.in_window(posted))):
                continue
            hints = {"lastmod": entry.lastmod.isoformat() if entry.lastmod else None}
            if entry.lastmod and self._changed_since_visit(entry.loc, entry.lastmod):
                self.crawler.stats.inc_value("rdi/sitemap_lastmod_refetch")
                yield Request(entry.loc, callback=self.parse_statement, dont_filter=True,
                              meta={"rdi_detail": True, "rdi_hints": hints})
                continue
            req = self.follow_statement(response, entry.loc, list_date=None, hints=hints, callback=self.parse_statement)
            if req:
                yield req

    def _changed_since_visit(self, url: str, lastmod: datetime) -> bool:
        """True when the page is known and its sitemap ``lastmod`` is after our last visit."""
        row = self.state.db.execute(
            "SELECT s.last_seen_at FROM urls u JOIN statements s USING (statement_id) WHERE u.url = ?", (url,)
        ).fetchone()
        if not row or not row[0]:
            return False
        return lastmod > datetime.fromisoformat(row[0])

    def parse_wp_json(self, response: Response) -> Any:
        """WP REST posts: whole statements from ``content.rendered``; next page while in window."""
        posts = self.json_of(response)
        if not isinstance(posts, list):
            return
        days = []
        for post in posts:
            link = post.get("link") or ""
            published = parse_feed_datetime(post.get("date_gmt") and post["date_gmt"] + "+00:00" or post.get("date"))
            day = to_date(published)
            days.append(day)
            if not WANTED.match(link) or not self.in_window(day):
                continue
            title = element_text_of((post.get("title") or {}).get("rendered", ""))
            yield self.build(response, url=link, title=title, paragraphs=fragment_paragraphs((post.get("content") or {}).get("rendered", "")),
                             day=day, published=published, extra={"wp_id": post.get("id"), "from": "wp-json"})
        per_page = int(m[1]) if (m := re.search(r"[?&]per_page=(\d+)", response.url)) else 10
        page = int(m[1]) if (m := re.search(r"[?&]page=(\d+)", response.url)) else 1
        total_pages = response.headers.get(b"X-WP-TotalPages")
        more = page < int(total_pages) if total_pages and total_pages.isdigit() else len(posts) >= per_page
        if more:
            nxt = re.sub(r"([?&])page=\d+", rf"\g<1>page={page + 1}", response.url) if "page=" in response.url else response.url + ("&" if "?" in response.url else "?") + "page=2"
            req = self.follow_list(response, nxt, days, callback=self.parse_wp_json)
            if req:
                yield req

    def parse_feed(self, response: Response) -> Any:
        """Briefing-room RSS: statements straight from ``content:encoded``."""
        for entry in self.feed_entries(response):
            if not entry.url or not WANTED.match(entry.url):
                continue
            day = to_date(entry.published_at)
            if entry.content.strip():
                if not self.feed_entry_in_window(day):
                    continue
                yield self.build(response, url=entry.url, title=entry.title, paragraphs=fragment_paragraphs(entry.content),
                                 day=day, published=entry.published_at, extra={"categories": entry.categories, "from": "feed"})
            else:
                req = self.follow_statement(response, entry.url, list_date=day, callback=self.parse_statement)
                if req:
                    yield req

    def parse_drupal_list(self, response: Response) -> Any:
        """Obama/Trump-era Drupal list (``.views-row``: date + ``h3 a``), then ``li.pager-next``."""
        sel = self.sel(response)
        days = []
        for row in sel.css(".views-row"):
            href = row.css("h3 a::attr(href), .views-field-title a::attr(href)").get()
            day = parse_date(first_text(row, ".views-field-created", ".field-content") or "")
            days.append(day)
            req = self.follow_statement(response, href, list_date=day, hints={"list_title": first_text(row, "h3 a")},
                                        callback=self.parse_statement)
            if req:
                yield req
        req = self.follow_list(response, sel.css("li.pager-next a::attr(href)").get(), days, callback=self.parse_drupal_list)
        if req:
            yield req

    def parse_wp_list(self, response: Response) -> Any:
        """WordPress section lists (2017-21 and 2025- ``/briefings-statements/``, Biden ``/briefing-room/…/``).

        Templates differ (``a.news-item__title`` + ``time.posted-on`` on the Biden and Trump-1
        themes, block-theme post lists now), so every link to a statement URL counts, dated by
        the nearest "Month D, YYYY" or ``<time>`` around it; then ``/page/N+1/``.
        """
        sel = self.sel(response)
        seen: set[str] = set()
        days = []
        for a in sel.css("main a[href], #main a[href], body a[href]"):
            url = response.urljoin(a.attrib["href"]).split("#", 1)[0]
            if url in seen or not WANTED.match(url):
                continue
            seen.add(url)
            day = None
            for box in a.xpath("ancestor::*[position() <= 4]"):
                stamp = box.css("time::attr(datetime)").get()
                day = to_date(parse_feed_datetime(stamp)) if stamp else parse_date(" ".join(box.css("::text").getall())[:400])
                if day:
                    break
            days.append(day)
            req = self.follow_statement(response, url, list_date=day, hints={"list_title": first_text(a, "a")},
                                        callback=self.parse_statement)
            if req:
                yield req
        page = int(m[1]) if (m := re.search(r"/page/(\d+)/?", response.url)) else 1
        nxt = next((h for h in sel.css("a::attr(href)").getall() if re.search(rf"/page/{page + 1}/?(?:\?|$)", h)), None)
        if seen and nxt:
            req = self.follow_list(response, nxt, days, callback=self.parse_wp_list)
            if req:
                yield req

    # --- pages ---------------------------------------------------------------------------
    def parse_statement(self, response: Response) -> Any:
        """A statement or transcript page of any of the four templates."""
        sel = self.sel(response)
        title = first_text(
            sel, "h1.wp-block-whitehouse-topper__title", ".pane-node-title h1", "h1.page-title", "main h1",
            "meta[property='og:title']::attr(content)", "h1",
        ) or self.hints(response).get("list_title") or ""
        published = parse_feed_datetime(
            sel.css("meta[property='article:published_time']::attr(content)").get()
            or sel.css("time::attr(datetime)").get()
        )
        day = (
            parse_date(first_text(sel, ".press-article-date", "time.posted-on", ".wp-block-post-date") or "")
            or to_date(published)
            or date_from_url(response.url)
        )
        body = next((b[0] for css in _BODIES if (b := sel.css(css))), None)
        paragraphs = element_paragraphs(body, _SKIP) if body is not None else []
        video = bool(sel.css("main iframe, main video, .wp-block-embed"))
        yield self.build(response, url=response.url, title=title, paragraphs=paragraphs, day=day,
                         published=published, video=video)

    def build(self, response: Response, *, url: str, title: str, paragraphs: list[str], day: date | None,
              published: datetime | None, video: bool = False, extra: dict[str, Any] | None = None) -> Any:
        """The statement of one page, feed item or REST post."""
        fields = transcript_fields(paragraphs, title, day)
        status = TEXT_VIDEO_ONLY if video and len(fields["text"]) < self.min_text_chars else None
        return self.make_statement(
            response,
            title=title,
            text=fields["text"],
            url=url,
            site_id=self.site_id(url),
            speaker=fields["speaker"],
            event_date=day,
            published_at=published,
            text_status=status,
            turns=fields["turns"],
            doc_type=self._doc_type(url, title, fields["has_questions"]),
            extra={**fields["extra"], **(extra or {})},
        )

    def _doc_type(self, url: str, title: str, questions: bool) -> str:
        """briefing / press_conference / speech / statement from the section and title."""
        if "press-briefing" in url or re.search(r"\bPress (Briefing|Gaggle)\b", title):
            return "briefing"
        if re.search(r"Press Conference|Press Availability", title) or (questions and "remarks" in url):
            return "press_conference"
        if re.search(r"/(remarks|speeches-remarks)/", url) or title.startswith("Remarks"):
            return "speech"
        if re.search(r"whitehouse\.gov/(?:fact-sheets|releases)/", url) or re.match(
                r"(FACT SHEET|Fact Sheet|Joint Fact Sheet|Notice|Letter|Message to the Congress)\b", title):
            return "release"
        return "statement"


def element_text_of(fragment: str) -> str:
    """Plain text of a short HTML fragment (REST ``title.rendered``)."""
    paras = fragment_paragraphs(fragment)
    return " ".join(paras)
