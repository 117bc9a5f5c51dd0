"""Kantei (EN): the Prime Minister's statements and press conferences in English (provisional).

Discovery: ``japan.kantei.go.jp/index-e2.rdf`` (RSS 2.0) and the EN hub, from which the
cabinet number is resolved on every run (``/{N}/statement/index.html``; items
``/{N}/statement/YYYYMM/DD{slug}.html`` — note YYYYMM/DD, not the JA YYYY/MMDD). The site shows
a themed fake 404 to bare User-Agents, hence the browser access profile. EN pages are
translations of the JA originals (``is_translation``); pairs are found by the pairing pipeline.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.dates import date_from_url, parse_date
from crawlers.items import ROLE_OFFICIAL, ROLE_REPORTER
from crawlers.spiders import jp_kantei_common as kc
from crawlers.spiders.jp_kantei_statements_ja import JpKanteiStatementsJaSpider
from crawlers.turns import TurnRule, merge_adjacent, official_speaker

STATEMENT_RE = re.compile(r"japan\.kantei\.go\.jp/\d+(?:_[a-z]+)?/(?:statement|discourse|headline)/(?!(?:\d{4,6}/)?index\.html)[^?#]+\.html$")
LIST_RE = re.compile(r"japan\.kantei\.go\.jp/(\d+)(?:_[a-z]+)?/(statement)/(?:(\d{4})\d{0,2}/)?index\.html$")
_FAKE_404 = re.compile(r"page (?:you (?:are|were) looking for|not found)|お探しのページ", re.I)


class JpKanteiStatementsEnSpider(JpKanteiStatementsJaSpider):
    """PM statements (EN) from japan.kantei.go.jp."""

    name = "jp_kantei_statements_en"
    statement_re = STATEMENT_RE
    list_re = LIST_RE
    list_path = "/{n}/{section}/index.html"
    sections = ("statement",)
    detail_patterns = (STATEMENT_RE.pattern,)
    routes = (
        (r"/index-e2\.rdf$", "parse_feed"),
        (r"^https?://japan\.kantei\.go\.jp/(?:index\.html)?$", "parse_hub"),
        (r"/parts/select/", "parse_archive_part"),
        (LIST_RE.pattern, "parse_list"),
    )
    turn_rules = tuple(TurnRule.of(rx, role) for rx, role in kc.EN_TURNS_SPEC)

    def parse_statement(self, response: Response) -> Any:
        """An EN statement page (provisional translation)."""
        sel = self.sel(response)
        title = kc.en_title(sel)
        if _FAKE_404.search(title):
            self.logger.warning("kantei EN answered a fake 404 for %s", response.url)
            self.crawler.stats.inc_value("rdi/fake_404")
            return
        hints = self.hints(response)
        text = kc.detail_body(sel)
        event = parse_date(hints.get("event_date")) or date_from_url(response.url) or parse_date(" ".join(sel.css(".date ::text, time ::text").getall()))
        cabinet = kc.cabinet_of(response.url)
        pm = kc.CABINET_PM_EN.get(cabinet or "")
        turns = self.split(text, opening_speaker=f"Prime Minister {pm}" if pm else None)
        for t in turns:
            if t.role == ROLE_OFFICIAL and t.speaker and t.speaker.upper().startswith("PRIME MINISTER") and pm:
                t.speaker = f"Prime Minister {pm}"
        turns = merge_adjacent(turns)
        doc_type = "press_conference" if any(t.role == ROLE_REPORTER for t in turns) else "statement"
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url),
            title=title,
            text=text,
            speaker=official_speaker(turns) or (f"Prime Minister {pm}" if pm else None),
            event_date=event,
            published_at=hints.get("published_at") or event,
            turns=turns if len(turns) > 1 else [],
            doc_type=doc_type,
            is_translation=True,
            alt_urls=[u for u in (response.urljoin(h) for h in sel.css('a[hreflang="ja"]::attr(href), link[hreflang="ja"]::attr(href)').getall()) if "kantei.go.jp/jp/" in u],
            extra={"cabinet": cabinet},
        )
