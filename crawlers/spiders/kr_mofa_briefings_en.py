"""MOFA Korea spokesperson briefings, English (RSS ``brdId=303``: the whole briefing in one item)."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrapy.http import Response

from crawlers.dates import parse_date
from crawlers.spiders.kr_common import mofa_https
from crawlers.spiders.kr_mofa_board import MofaKrBoardSpider
from crawlers.spiders.kr_mofa_press_releases_en import html_text
from crawlers.spiders.kr_turns import (
    en_briefing_header,
    en_briefing_turns,
    en_paragraphs,
)


class KrMofaBriefingsEnSpider(MofaKrBoardSpider):
    """Each RSS item is one daily briefing incl. its Q&A (``Q:``/``A:``) → official/reporter turns."""

    name = "kr_mofa_briefings_en"
    board = "eng/brd/m_5679"
    doc_type = "briefing"
    from_feed_content = True

    def statement_from_feed(self, response: Response, entry: Any, seq: str, day: date | None) -> Any:
        """A briefing straight from its RSS item."""
        fields = self._briefing(html_text(entry.content), entry.title, day)
        return self.make_statement(
            response,
            site_id=seq,
            url=mofa_https(entry.url),
            published_at=entry.published_at,
            canonical_url=self.view_url(seq),
            is_translation=True,
            extra={"from_feed": True},
            **fields,
        )

    def parse_statement(self, response: Response) -> Any:
        """A briefing page of the English board (back-fill)."""
        f = self.view_fields(response)
        fields = self._briefing("\n".join(f["paragraphs"]), f["title"], f["posted"])
        yield self.make_statement(
            response,
            site_id=f["seq"],
            url=self.url_for(response, f["seq"]),
            published_at=self.hints(response).get("published_at") or f["posted"],
            canonical_url=self.view_url(f["seq"]) if f["seq"] else None,
            is_translation=True,
            **fields,
        )

    def _briefing(self, text: str, title: str, posted: date | None) -> dict[str, Any]:
        """title, text, speaker, event date and turns of a briefing transcript."""
        paragraphs = en_paragraphs(text)
        speaker, spoken, rest = en_briefing_header(paragraphs)
        turns = en_briefing_turns(rest, speaker)
        has_qa = any(t.role != "official" for t in turns)
        event = parse_date(spoken) if spoken else None
        return {
            "title": title,
            "text": "\n".join(rest),  # the "Press Briefing / name / date" header is not spoken
            "speaker": speaker,
            "event_date": event or parse_date(title) or posted,
            "turns": turns if has_qa else [],
        }
