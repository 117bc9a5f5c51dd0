"""Kantei (JA): Chief Cabinet Secretary press conferences (AM/PM) and statements (長官談話).

Discovery: ``/jp/tyoukanpress/index.html`` (sessions of the last 20 days: ``h3.list-press__date``,
``a.list-press__link`` with ``span.label`` 午前/午後 and the topic summary) plus month archives
in the ``--since`` window, and the 新着 feed for 長官談話 (``/jp/tyokan/{N}/…``). A session page
first carries only the video; the **opening remarks text is posted later** (around 14:00 for
the morning session), so a page without text is ``pending`` and revisited, and the filled page
becomes a new version. "冒頭発言なし" (no opening remarks) means the text will never come:
``video_only``. The speaker is read from each page: deputies (内閣官房副長官) substitute.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from crawlers.base import StatementSpider
from crawlers.dates import date_from_url, nfkc, parse_date
from crawlers.items import ROLE_MODERATOR, ROLE_OFFICIAL, ROLE_REPORTER, TEXT_FULL, TEXT_PENDING, TEXT_VIDEO_ONLY
from crawlers.spiders import jp_kantei_common as kc
from crawlers.turns import TurnRule, merge_adjacent

SESSION_RE = re.compile(r"/jp/tyoukanpress/(\d{6})/(\d{1,2})_([ap])(\d*)\.html$")
DANWA_RE = re.compile(r"/jp/tyokan/\d+(?:_[a-z]+)?/[^/]+\.html$")
MONTH_RE = re.compile(r"/jp/tyoukanpress/(\d{4})(\d{2})/(?:index\.html)?$")
SPEAKER_RE = re.compile(r"([^\s、。()（）「」・【】:：]{1,8}?内閣官房(?:副)?長官)")
SIGNATURE_RE = re.compile(r"内閣官房(副)?長官\s+([^\s\d]{1,5})\s+[^\s\d]{1,5}\s*$", re.M)
NO_OPENING = "冒頭発言なし"


class JpKanteiCcsJaSpider(StatementSpider):
    """CCS press conferences and statements (JA)."""

    name = "jp_kantei_ccs_ja"
    doc_type = "press_conference"
    detail_patterns = (SESSION_RE.pattern, DANWA_RE.pattern)
    routes = (
        (r"/index-jnews\.rdf$", "parse_feed"),
        (r"/jp/tyoukanpress/(?:index\.html)?$", "parse_list"),
        (MONTH_RE.pattern, "parse_list"),
        (r"/parts/select/", "parse_list"),
    )
    turn_rules = (
        TurnRule.of(r"【(?P<speaker>[^】]{1,20}?)冒頭発言】", ROLE_OFFICIAL),
        TurnRule.of(r"【(?:質疑応答|冒頭発言)】", None),
        TurnRule.of(r"[（(](?:司会|幹事社)[^）)]{0,10}[）)]", ROLE_MODERATOR),
        TurnRule.of(r"[（(](?P<speaker>[^）)]{0,20}記者)[）)]|【(?P<speaker2>[^】]{0,30}記者)】", ROLE_REPORTER),
        TurnRule.of(r"[（(](?P<speaker>[^）)]{0,12}(?:官房長官|官房副長官|長官))[）)]|【(?P<speaker3>[^】]{0,12}(?:官房長官|官房副長官))】", ROLE_OFFICIAL),
    )

    def parse_feed(self, response: Response) -> Any:
        """新着 feed: the CCS statements (長官談話など)."""
        for e in self.feed_entries(response):
            if e.url and DANWA_RE.search(e.url):
                hints = {"list_title": e.title, "published_at": e.published_at.isoformat() if e.published_at else None}
                day = e.published_at.date() if e.published_at else None
                if req := self.follow_statement(response, e.url, list_date=day, hints=hints):
                    yield req

    def parse_list(self, response: Response) -> Any:
        """Session list (current, month archive or archive fragment)."""
        sel = self.sel(response)
        items = kc.press_items(sel)
        for i in items:
            hints = {"list_title": i["title"], "session": i["label"],
                     "event_date": i["date"].isoformat() if i["date"] else None}
            if req := self.follow_statement(response, i["href"], list_date=i["date"], hints=hints):
                yield req
        dates = [i["date"] for i in items if i["date"]]
        if self.since and not (dates and min(dates) < self.since):
            for part in sel.css("[data-parts-url]::attr(data-parts-url)").getall():
                if "/parts/select/tyoukanpress" in part:
                    yield response.follow(part, callback=self.parse_list)
            for href in sel.css("a::attr(href)").getall():
                m = MONTH_RE.search(response.urljoin(href))
                if m and (int(m.group(1)), int(m.group(2))) >= (self.since.year, self.since.month):
                    yield response.follow(href, callback=self.parse_list)

    def parse_statement(self, response: Response) -> Any:
        """A session page (video + opening remarks when posted) or a 長官談話 page."""
        sel = self.sel(response)
        hints = self.hints(response)
        title = kc.detail_title(sel)
        text = kc.detail_body(sel)
        m = SESSION_RE.search(response.url)
        session = hints.get("session") or ({"a": "午前", "p": "午後"}[m.group(3)] if m else None)
        event = parse_date(hints.get("event_date")) or date_from_url(response.url) or kc.updated_date(sel)
        speaker = _speaker(title + "\n" + text + "\n" + " ".join(sel.css("p ::text, span ::text").getall()[:80]))
        body = _strip_video_furniture(text)
        no_opening = NO_OPENING in nfkc(hints.get("list_title") or "") or NO_OPENING in body
        if m is None:  # 長官談話: a plain statement
            status, doc_type = (TEXT_FULL if len(body) >= self.min_text_chars else TEXT_PENDING), "statement"
        elif len(body) >= self.min_text_chars and not no_opening:
            status, doc_type = TEXT_FULL, "press_conference"
        else:
            status, doc_type = (TEXT_VIDEO_ONLY if no_opening else TEXT_PENDING), "press_conference"
        turns = merge_adjacent(self.split(body, opening_speaker=speaker)) if status == TEXT_FULL else []
        for t in turns:
            if t.role == ROLE_OFFICIAL and (t.speaker is None or t.speaker.endswith("長官")):
                t.speaker = speaker or t.speaker
        yield self.make_statement(
            response,
            site_id=self.site_id(response.url).removeprefix("jp/"),
            title=title,
            text=body,
            speaker=speaker,
            event_date=event,
            published_at=hints.get("published_at") or kc.updated_date(sel),
            text_status=status,
            turns=turns if len(turns) > 1 else [],
            doc_type=doc_type,
            extra={"session": session, "topics": hints.get("list_title"), "updated_date": _iso(kc.updated_date(sel))},
        )


def _speaker(text: str) -> str | None:
    """The secretary on this page: ``木原内閣官房長官`` or a deputy ``佐藤内閣官房副長官``."""
    t = nfkc(text)
    found = SPEAKER_RE.findall(t)
    if found:
        return found[0]
    if m := SIGNATURE_RE.search(t):  # statement signed "内閣官房長官 木原 稔"
        return f"{m.group(2)}内閣官房{'副' if m.group(1) else ''}長官"
    return None


def _strip_video_furniture(text: str) -> str:
    """Drop video captions and player notes that are not the secretary's words."""
    lines = [ln for ln in text.splitlines() if not re.match(r"^(?:動画|映像|再生|YouTube|政府インターネットテレビ|※)", ln)]
    return "\n".join(lines).strip()


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


