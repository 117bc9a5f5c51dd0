"""MOFA Korea press releases and spokesperson commentaries, Korean (RSS ``brdId=235`` + ``m_4080``)."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.spiders.kr_mofa_board import MofaKrBoardSpider

_SPOKESPERSON = re.compile(r"대변인\s*(논평|성명)")


class KrMofaPressReleasesKoSpider(MofaKrBoardSpider):
    """RSS ``/www/brd/rss.do?brdId=235`` (EUC-KR or UTF-8) and list back-fill; text from ``view.do``."""

    name = "kr_mofa_press_releases_ko"
    board = "www/brd/m_4080"
    doc_type = "release"

    def parse_statement(self, response: Response) -> Any:
        """A press release page (``div.bo_head`` / ``div.bo_con``)."""
        f = self.view_fields(response)
        commentary = bool(_SPOKESPERSON.search(f["title"]))
        yield self.make_statement(
            response,
            title=f["title"],
            text="\n".join(f["paragraphs"]),
            site_id=f["seq"],
            url=self.url_for(response, f["seq"]),
            speaker="외교부 대변인" if commentary else None,
            event_date=f["posted"],
            published_at=self.hints(response).get("published_at") or f["posted"],
            doc_type="statement" if commentary else "release",
            extra={"department": f["dept"], "attachments": f["attachments"]},
        )
