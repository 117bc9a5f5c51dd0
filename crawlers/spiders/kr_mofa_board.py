"""``MofaKrBoardSpider``: what the mofa.go.kr spiders share (board lists, RSS, view pages).

Every mofa.go.kr path sits behind the ``TMOSHCooKie`` gate (HTTP 307 to itself until the
cookie is set); the source's ``access = "mofa_kr_cookie"`` profile handles it below the
spiders. Boards: ``/{www|eng}/brd/m_NNNN/list.do?page=N`` (rows ``tbody tr`` with
``onclick="f_view('seq')"``) and ``view.do?seq=N`` (``div.bo_head`` + ``div.bo_con``); RSS
``/www/brd/rss.do?brdId=N`` (links may read ``http://www.mofa.go.kr:443/…``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import KST, parse_date
from crawlers.html import element_text, first_text
from crawlers.spiders.kr_common import (
    mofa_body,
    mofa_head_field,
    mofa_head_values,
    mofa_https,
    mofa_list_rows,
    mofa_seq,
    mofa_view_url,
)

_PAGE = re.compile(r"[?&]page=(\d+)")


class MofaKrBoardSpider(StatementSpider):
    """Shared list/RSS/view handling for MOFA Korea boards; subclasses set the board ids."""

    tz = KST
    detail_patterns = (r"/brd/m_\d+/view\.do",)
    routes = (
        (r"/brd/rss\.do", "parse_feed"),
        (r"/brd/m_\d+/list\.do", "parse_list"),
        (r"/brd/m_\d+/view\.do", "parse_statement"),
    )
    #: Board path of the canonical view URL, e.g. "www/brd/m_4080" or "eng/brd/m_5676".
    board = ""

    def parse_feed(self, response: Response) -> Any:
        """RSS: a statement straight from ``content:encoded`` when present, else follow the link."""
        for entry in self.feed_entries(response):
            seq = mofa_seq(entry.url)
            if not seq:
                self.crawler.stats.inc_value("rdi/feed_entry_without_seq")
                continue
            day = entry.published_at.astimezone(KST).date() if entry.published_at else None
            hints = {"list_title": entry.title, "published_at": entry.published_at.isoformat() if entry.published_at else None}
            if entry.content.strip() and self.from_feed_content:
                if self.feed_entry_in_window(day):
                    yield self.statement_from_feed(response, entry, seq, day)
                continue
            req = self.follow_statement(response, self.view_url(seq), list_date=day, hints=hints)
            if req:
                yield req

    #: True where the feed carries the whole text (EN RSS 302/303): no detail fetch.
    from_feed_content = False

    def statement_from_feed(self, response: Response, entry: Any, seq: str, day: date | None) -> Any:
        """Build a statement from a feed item (EN boards override)."""
        raise NotImplementedError

    def parse_list(self, response: Response) -> Any:
        """A board list page: follow each row in the window, then the next page."""
        rows = mofa_list_rows(self.sel(response))
        days = [parse_date(r["date"]) if r["date"] else None for r in rows]
        for row, day in zip(rows, days):
            req = self.follow_statement(
                response, self.view_url(row["seq"] or ""), list_date=day, hints={"list_title": row["title"]}
            )
            if req:
                yield req
        if rows:
            page = int(m[1]) if (m := _PAGE.search(response.url)) else 1
            nxt = self._next_page_url(response, page)
            req = self.follow_list(response, nxt, days)
            if req:
                yield req

    def _next_page_url(self, response: Response, page: int) -> str | None:
        """``list.do?page=N+1`` when the pager links to it."""
        sel = self.sel(response)
        # any pager block (.paginate, .pagination, .paging, .board_pager …): links, onclick or javascript: calls
        pager = sel.xpath("//*[contains(@class,'pag')]//a")
        hrefs = pager.xpath("@href").getall()
        calls = " ".join(pager.xpath("@onclick").getall() + [h for h in hrefs if h.lower().startswith("javascript:")])
        wanted = page + 1
        if any(re.search(rf"[?&](?:page|pageIndex|pageNo)={wanted}(?!\d)", h) for h in hrefs) or re.search(
            rf"\(\s*['\"]?{wanted}['\"]?\s*\)", calls
        ):
            base = response.url.split("?", 1)[0]
            return f"{base}?page={wanted}"
        return None

    def view_url(self, seq: str) -> str:
        """Canonical view URL of a ``seq`` on this spider's board."""
        return mofa_view_url(f"https://www.mofa.go.kr/{self.board}/list.do", seq)

    # --- detail pages --------------------------------------------------------------------
    def view_fields(self, response: Response) -> dict[str, Any]:
        """title, posted date, department, body element, paragraphs and attachments of a view page."""
        sel = self.sel(response)
        title = first_text(sel, "div.bo_head h2", "div.bo_head h3", ".view_title", "meta[property='og:title']::attr(content)") or ""
        values = mofa_head_values(sel)
        posted = parse_date(mofa_head_field(sel, "작성일", "등록일", "Date", "date") or "") or next(
            (d for v in values if (d := parse_date(v)) is not None), None
        )
        if posted is None and self.hints(response).get("list_date"):
            posted = date.fromisoformat(self.hints(response)["list_date"])
        body = mofa_body(sel)
        paragraphs = element_text(body).splitlines() if body is not None else []
        files = [
            {"name": " ".join(a.css("::text").getall()).strip(), "url": response.urljoin(a.attrib.get("href", ""))}
            for a in sel.css("ul.bo_file li a, .file_list li a")
        ]
        return {
            "title": title,
            "posted": posted,
            "dept": mofa_head_field(sel, "부서명", "담당부서", "Department") or next(
                (v for v in values if v and parse_date(v) is None and not v.isdigit()), None
            ),
            "paragraphs": [p for p in paragraphs if p.strip()],
            "attachments": files,
            "seq": mofa_seq(response.url),
        }

    def url_for(self, response: Response, seq: str | None) -> str:
        """The page's own URL reduced to ``view.do?seq=N`` (paging/search parameters dropped)."""
        base = response.url.split("?", 1)[0]
        return mofa_https(f"{base}?seq={seq}" if seq else base)
