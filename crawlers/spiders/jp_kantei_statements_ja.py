"""Kantei (JA): the Prime Minister's statements, press conferences, speeches and messages.

Discovery: the 新着 feed ``index-jnews.rdf`` (RSS 2.0, ~25 items, empty ``<link/>`` on some)
and the hub ``index.html``, from which the current cabinet number ``/jp/{N}/`` is resolved on
every run (max N). Back-fill within ``--since``: the cabinet's statement/discourse lists, their
year archives and earlier cabinets' lists. Detail pages carry ``更新日`` (an update date), so
the event date comes from the list, then the URL, then the page.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, parse_date
from crawlers.items import ROLE_MODERATOR, ROLE_OFFICIAL, ROLE_REPORTER
from crawlers.spiders import jp_kantei_common as kc
from crawlers.turns import TurnRule, official_speaker

STATEMENT_RE = re.compile(r"/jp/\d+(?:_[a-z]+)?/(?:statement|discourse|discource)/(?!(?:\d{4}/)?index\.html)[^?#]+\.html$")
LIST_RE = re.compile(r"/jp/(\d+)(?:_[a-z]+)?/(statement|discourse|discource)/(?:(\d{4})/)?index\.html$")


class JpKanteiStatementsJaSpider(StatementSpider):
    """PM statements (JA) from kantei.go.jp."""

    name = "jp_kantei_statements_ja"
    statement_re = STATEMENT_RE
    list_re = LIST_RE
    list_path = "/jp/{n}/{section}/index.html"
    sections = ("statement", "discourse")
    detail_patterns = (STATEMENT_RE.pattern,)
    routes = (
        (r"/index-jnews\.rdf$", "parse_feed"),
        (r"^https?://www\.kantei\.go\.jp/(?:index\.html)?$", "parse_hub"),
        (r"/parts/select/", "parse_archive_part"),
        (LIST_RE.pattern, "parse_list"),
        # 総理の一日 (PM activities) lists: read for the statement links they carry, nothing else
        (r"www\.kantei\.go\.jp/jp/\d+(?:_[a-z]+)?/actions/(?:\d{6}/)?(?:index\.html)?$", "parse_list"),
    )
    #: Page text is NFKC-normalised before splitting, so markers match both （） and ().
    turn_rules = (
        TurnRule.of(r"【(?P<speaker>[^】]{1,20}?)冒頭発言】", ROLE_OFFICIAL),
        TurnRule.of(r"【質疑応答】", None),
        TurnRule.of(r"[（(](?:内閣広報官|司会)[^）)]{0,10}[）)]", ROLE_MODERATOR),
        TurnRule.of(r"[（(](?P<speaker>[^）)]{0,20}記者)[）)]", ROLE_REPORTER),
        TurnRule.of(r"[（(](?P<speaker>[^）)]{1,12}(?:総理|内閣総理大臣))[）)]", ROLE_OFFICIAL),
    )

    # --- discovery ---------------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Any:
        """新着 feed: follow the PM statement items (other categories are not statements)."""
        for e in self.feed_entries(response):
            if not e.url:
                self.crawler.stats.inc_value("rdi/feed_entries_without_link")
                continue
            if not self.statement_re.search(e.url):
                continue
            day = e.published_at.date() if e.published_at else None
            hints = {"list_title": e.title, "categories": e.categories,
                     "published_at": e.published_at.isoformat() if e.published_at else None}
            if req := self.follow_statement(response, e.url, list_date=day, hints=hints):
                yield req

    def parse_hub(self, response: Response) -> Any:
        """Hub: resolve the current cabinet number, then read its statement and discourse lists."""
        found = [self.list_re.search(response.urljoin(h)) for h in self.sel(response).css("a::attr(href)").getall()]
        numbers = sorted({int(m.group(1)) for m in found if m}, reverse=True)
        if not numbers:
            self.logger.error("kantei hub %s: no /jp/{N}/statement/ link (template changed?)", response.url)
            self.crawler.stats.inc_value("rdi/discovery_failed")
            return
        n = numbers[0]
        self.crawler.stats.set_value("rdi/kantei_cabinet", n)
        for section in self.sections:
            yield response.follow(self.list_path.format(n=n, section=section), callback=self.parse_list)
        if self.since:
            for older in numbers[1:]:
                yield response.follow(self.list_path.format(n=older, section=self.sections[0]), callback=self.parse_list)

    def parse_list(self, response: Response) -> Any:
        """A statement/discourse list (current, year archive, or an earlier cabinet's)."""
        sel = self.sel(response)
        items = [i for i in kc.list_items(sel) if self.statement_re.search(response.urljoin(i["href"]))]
        for i in items:
            hints = {"list_title": i["title"], "event_date": i["date"].isoformat() if i["date"] else None}
            if req := self.follow_statement(response, i["href"], list_date=i["date"], hints=hints):
                yield req
        yield from self._archives(response, [i["date"] for i in items])

    def parse_archive_part(self, response: Response) -> Any:
        """The ``/parts/select/…`` fragment listing year archives: follow years in the window."""
        yield from self._archives(response, [])

    def _archives(self, response: Response, dates: list[Any]) -> Any:
        """Year archives and earlier cabinets' lists, while this page has not reached ``since``."""
        if self.since is None:
            return
        known = [d for d in dates if d]
        if known and min(known) < self.since:
            return
        sel = self.sel(response)
        for part in sel.css("[data-parts-url]::attr(data-parts-url)").getall():
            if "/parts/select/" in part and ("statement" in part or "discourse" in part):
                yield response.follow(part, callback=self.parse_archive_part)
        for href in sel.css("a::attr(href)").getall():
            m = self.list_re.search(response.urljoin(href))
            if m and (m.group(3) is None or int(m.group(3)) >= self.since.year):
                yield response.follow(href, callback=self.parse_list)

    # --- detail ------------------------------------------------------------------------------
    def parse_statement(self, response: Response) -> Any:
        """A statement page: title, event date, 更新日, text, turns, speaker."""
        sel = self.sel(response)
        hints = self.hints(response)
        text = kc.detail_body(sel)
        updated = kc.updated_date(sel)
        event = parse_date(hints.get("event_date")) or date_from_url(response.url) or updated
        cabinet = kc.cabinet_of(response.url)
        turns = self.split(text, opening_speaker=None)
        speaker = kc.pm_label(cabinet, text)
        for t in turns:
            if t.role == ROLE_OFFICIAL and (t.speaker is None or "総理" in t.speaker):
                t.speaker = speaker or t.speaker
        doc_type = "press_conference" if any(t.role == ROLE_REPORTER for t in turns) else (
            "speech" if re.search(r"(shikiji|speech|enzetsu|aisatsu|nagasaki|hiroshima)", response.url) else "statement")
        published = hints.get("published_at") or updated
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url).removeprefix("jp/"),
            title=kc.detail_title(sel),
            text=text,
            speaker=official_speaker(turns) or speaker,
            event_date=event,
            published_at=published,
            turns=turns if len(turns) > 1 else [],
            doc_type=doc_type,
            extra={"updated_date": updated.isoformat() if updated else None, "cabinet": cabinet},
        )
