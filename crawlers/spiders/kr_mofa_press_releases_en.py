"""MOFA Korea press releases, English (RSS ``brdId=302`` with the full text; board ``m_5676``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from parsel import Selector
from scrapy.http import Response

from crawlers.html import element_text
from crawlers.spiders.kr_common import mofa_https
from crawlers.spiders.kr_mofa_board import MofaKrBoardSpider


def html_text(fragment: str) -> str:
    """Text of an HTML fragment from a feed (``content:encoded``), paragraphs as lines."""
    if "<" not in fragment:
        return fragment.strip()
    return element_text(Selector(text=f"<div>{fragment}</div>").css("body > div")[0])


class KrMofaPressReleasesEnSpider(MofaKrBoardSpider):
    """The RSS carries whole releases in ``content:encoded``; the list back-fills older ones."""

    name = "kr_mofa_press_releases_en"
    board = "eng/brd/m_5676"
    doc_type = "release"
    from_feed_content = True

    def statement_from_feed(self, response: Response, entry: Any, seq: str, day: date | None) -> Any:
        """A release straight from its RSS item."""
        return self.make_statement(
            response,
            title=entry.title,
            text=html_text(entry.content),
            site_id=seq,
            url=mofa_https(entry.url),
            event_date=day,
            published_at=entry.published_at,
            canonical_url=self.view_url(seq),
            is_translation=True,
            extra={"from_feed": True},
        )

    def parse_statement(self, response: Response) -> Any:
        """A release page of the English board."""
        f = self.view_fields(response)
        yield self.make_statement(
            response,
            title=f["title"],
            text="\n".join(f["paragraphs"]),
            site_id=f["seq"],
            url=self.url_for(response, f["seq"]),
            event_date=f["posted"],
            published_at=self.hints(response).get("published_at") or f["posted"],
            canonical_url=self.view_url(f["seq"]) if f["seq"] else None,
            is_translation=True,
            extra={"attachments": f["attachments"]},
        )
