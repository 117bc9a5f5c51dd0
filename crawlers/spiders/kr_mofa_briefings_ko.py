"""MOFA Korea spokesperson regular briefings, Korean (board ``m_4078``, behind the cookie gate)."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.spiders.kr_common import title_paren_date
from crawlers.spiders.kr_mofa_board import MofaKrBoardSpider
from crawlers.spiders.kr_turns import has_ko_qa, ko_briefing_turns

_BRIEFER = re.compile(r"브리퍼\s*[:：]\s*([^)]+)\)")


class KrMofaBriefingsKoSpider(MofaKrBoardSpider):
    """``/www/brd/m_4078/list.do`` → ``view.do?seq=N``; ``<질문>``/``<답변>`` turns."""

    name = "kr_mofa_briefings_ko"
    board = "www/brd/m_4078"
    doc_type = "briefing"

    def parse_statement(self, response: Response) -> Any:
        """A briefing transcript: opening remarks + Q&A turns; the briefer from the title."""
        f = self.view_fields(response)
        speaker = self._parse_speaker(f["title"])
        event = title_paren_date(f["title"], f["posted"].isoformat() if f["posted"] else None)
        turns = ko_briefing_turns(f["paragraphs"], speaker) if has_ko_qa(f["paragraphs"]) else []
        yield self.make_statement(
            response,
            title=f["title"],
            text="\n".join(f["paragraphs"]),
            site_id=f["seq"],
            url=self.url_for(response, f["seq"]),
            speaker=speaker,
            event_date=event or f["posted"],
            published_at=f["posted"],
            turns=turns,
            extra={"department": f["dept"], "attachments": f["attachments"]},
        )

    def _parse_speaker(self, title: str) -> str:
        """``(12.29 브리퍼 : 부대변인)`` names a substitute briefer; else the spokesperson."""
        m = _BRIEFER.search(title)
        return m[1].strip() if m else "대변인"
