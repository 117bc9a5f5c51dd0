"""Office of the President speeches and statements, English (en.president.go.kr).

The list page carries its AJAX parameters in ``form#sendForm``; the same
``bbsViewGalleryList.do`` endpoint answers the JSON list and each item lives at
``<list page>/{BBS_CD}`` (e.g. ``/president/statements-remarks/QZxg91Ez``).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.spiders.kr_president_speeches_ko import LIST_PATH, PresidentBoardSpider


class KrPresidentSpeechesEnSpider(PresidentBoardSpider):
    """English speeches: GET the list page, POST its ``#sendForm`` with ``pagePerCnt=100``."""

    name = "kr_president_speeches_en"
    host = "https://en.president.go.kr"
    item_path = "/president/statements-remarks"
    page_size = 100
    backfill_page_size = 100
    lang_names = "en"
    routes = (
        (re.escape(LIST_PATH), "parse_list"),
        (r"en\.president\.go\.kr/.+/[A-Za-z0-9]{8}/?$", "parse_statement"),
        (r"en\.president\.go\.kr/", "parse_list_page"),
    )

    def parse_list_page(self, response: Response) -> Any:
        """Read ``#sendForm`` (hidden inputs) and POST it for the JSON list."""
        sel = self.sel(response)
        form = sel.css("form#sendForm") or sel.css("form[name=sendForm]")
        if not form:
            self.logger.error("no #sendForm on %s: the list endpoint's parameters are unknown", response.url)
            self.crawler.stats.inc_value("rdi/list_form_missing")
            return
        data = {i.attrib["name"]: i.attrib.get("value", "") for i in form.css("input[name]")}
        yield self.list_request(1, data, item_base=response.url.split("?", 1)[0].rstrip("/"))
