"""Office of the President (president.go.kr) speeches, Korean: the AJAX JSON list + detail pages.

The list is an AJAX POST to ``/ajaxf/frBoard/bbsViewGalleryList.do`` answering
``data.list[]`` (``BBS_CD``, ``SUBJECT``, ``WRITE_DATE`` "YYYY.MM.DD") and
``data.totalRecordCount``; each speech is ``/speeches/{BBS_CD}`` with its text in
``.view_txt .txtArea`` blocks. ``WRITE_DATE`` is the posting date: a title opening with
"M/D(요일)" 0–3 days earlier is the event date.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from scrapy import FormRequest
from scrapy.http import Request, Response

from crawlers.base import StatementSpider
from crawlers.dates import KST, parse_date, title_event_date
from crawlers.html import element_text, first_text
from crawlers.spiders.kr_common import json_list, json_posted, json_posted_at, kr_president_on

LIST_PATH = "/ajaxf/frBoard/bbsViewGalleryList.do"


class PresidentBoardSpider(StatementSpider):
    """A president.go.kr gallery board read through its JSON list endpoint."""

    tz = KST
    doc_type = "speech"
    lang_names = "ko"
    routes = ((re.escape(LIST_PATH), "parse_list"),)
    host = "https://www.president.go.kr"
    form: dict[str, str] = {}
    #: The site's own page size; a back-fill reaching further than ``backfill_days`` asks for 500 rows.
    page_size = 12
    backfill_page_size = 500
    backfill_days = 90
    item_path = "/speeches"

    def list_request(self, page: int, form: dict[str, str] | None = None, item_base: str | None = None) -> Request:
        """The POST for list page ``page`` (``pageNo``/``pagePerCnt`` set, blanks kept)."""
        data = {**(form or self.form), "pageNo": str(page), "pagePerCnt": str(self.rows_per_page())}
        item_base = item_base or self.host + self.item_path
        return FormRequest(
            self.host + LIST_PATH,
            formdata=data,
            callback=self.parse_list,
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": item_base},
            meta={"rdi_page": page, "rdi_form": data, "rdi_item_base": item_base, "rdi_discovery": True},
            dont_filter=True,
        )

    def rows_per_page(self) -> int:
        """12 rows for routine runs; 500 when the window reaches back further than ``backfill_days``."""
        if self.since is not None and (self.today() - self.since).days > self.backfill_days:
            return self.backfill_page_size
        return self.page_size

    def parse_list(self, response: Response) -> Any:
        """JSON list: follow each speech in the window; ask for the next page while needed."""
        rows, total = json_list(self.json_of(response))
        base = response.meta.get("rdi_item_base") or self.host + self.item_path
        days: list[date | None] = []
        for row in rows:
            code = str(row.get("BBS_CD") or "").strip()
            if not code:
                continue
            posted = json_posted(row)
            day = date.fromisoformat(posted) if posted else None
            days.append(day)
            hints = {"list_title": " ".join(str(row.get("SUBJECT") or "").split()), "posted": posted,
                     "published_at": json_posted_at(row)}
            req = self.follow_statement(response, f"{base}/{code}", list_date=day, hints=hints,
                                        callback=self.parse_statement)
            if req:
                yield req
        page = int(response.meta.get("rdi_page") or 1)
        size = int(response.meta.get("rdi_form", {}).get("pagePerCnt") or self.rows_per_page())
        more = total is not None and page * size < total
        known = [d for d in days if d]
        reached_back = bool(known and self.since and min(known) < self.since)
        if rows and more and not reached_back:
            yield self.list_request(page + 1, response.meta.get("rdi_form"), base)

    def parse_statement(self, response: Response) -> Any:
        """A speech page: title, posting vs event date, the ``.txtArea`` blocks."""
        sel = self.sel(response)
        hints = self.hints(response)
        title = hints.get("list_title") or first_text(
            sel, "h3.tit", ".view_tit h3", ".view_tit", ".view_top h3", "meta[property='og:title']::attr(content)", "title"
        ) or ""
        posted = parse_date(hints.get("posted") or first_text(sel, "span.date", ".view_info .date", ".view_top .date", ".date") or "")
        event = title_event_date(title, posted) or posted
        blocks = sel.css(".view_txt .txtArea") or sel.css(".view_txt") or sel.css(".view_cont, section.view_area")
        text = "\n".join(element_text(b) for b in blocks)
        code = response.url.rstrip("/").rsplit("/", 1)[-1]
        yield self.make_statement(
            response,
            title=title,
            text=text,
            site_id=code,
            speaker=kr_president_on(event, self.lang_names),
            event_date=event,
            published_at=hints.get("published_at") or posted,
            is_translation=self.source.lang == "en",
            extra={"posted_date": posted.isoformat() if posted else None},
        )


class KrPresidentSpeechesKoSpider(PresidentBoardSpider):
    """``/speeches`` board (``MENU_CD=puvIc0NF``, ``pBoardSeq=12``)."""

    name = "kr_president_speeches_ko"
    routes = ((re.escape(LIST_PATH), "parse_list"), (r"president\.go\.kr/speeches/[A-Za-z0-9]+/?$", "parse_statement"))
    form = {
        "MENU_CD": "puvIc0NF",
        "CONTENTS_CD": "vqNUjDNc",
        "pSiteNo": "2",
        "pBoardSeq": "12",
        "SHORT_URL": "speeches",
        "sSearchGbn": "",
        "sSearchTxt": "",
    }

    async def start(self) -> Any:
        """The first list page (the discovery URL is the POST endpoint)."""
        yield self.list_request(1)
