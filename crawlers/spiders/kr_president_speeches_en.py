"""Office of the President speeches and statements, English (en.president.go.kr).

The list page carries its AJAX parameters in ``form#sendForm``; the same
``bbsViewGalleryList.do`` endpoint answers the JSON list and each item lives at
``<list page>/{BBS_CD}`` (e.g. ``/president/statements-remarks/QZxg91Ez``).
"""

from __future__ import annotations

import re

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
