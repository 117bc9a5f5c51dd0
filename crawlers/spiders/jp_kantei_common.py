"""What the kantei.go.jp spiders share: hub resolution, list templates, detail extraction, speakers.

Verified markup (sources.md §1.1, captures of 2026-08): lists ``a.list-photo__link`` with
``p.list-photo__title`` / ``p.list-photo__date`` (statement), ``a.list-standard__link`` with
``p.list-standard__date`` / ``p.list-standard__description`` (discourse), CCS
``div.list-press`` with ``h3.list-press__date`` and ``a.list-press__link`` (``span.label``
午前/午後); older template ``div.news-list-title > a``. Year archives come from the
``data-parts-url="/parts/select/..."`` fragment. Detail pages: ``h1``, ``span.date``
("更新日：令和…", the *update* date), body paragraphs.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from parsel import Selector

from crawlers.dates import nfkc, parse_date
from crawlers.html import element_text, main_text, tidy

#: Prime ministers by cabinet number (the number in /jp/{N}/ changes with each cabinet).
CABINET_PM = {
    "96": "安倍晋三", "97": "安倍晋三", "98": "安倍晋三", "99": "菅義偉", "100": "岸田文雄",
    "101": "岸田文雄", "102": "石破茂", "103": "石破茂", "104": "高市早苗", "105": "高市早苗",
}
CABINET_PM_EN = {
    "96": "ABE Shinzo", "97": "ABE Shinzo", "98": "ABE Shinzo", "99": "SUGA Yoshihide",
    "100": "KISHIDA Fumio", "101": "KISHIDA Fumio", "102": "ISHIBA Shigeru", "103": "ISHIBA Shigeru",
    "104": "TAKAICHI Sanae", "105": "TAKAICHI Sanae",
}
CABINET_RE = re.compile(r"/(?:jp/)?(\d{2,3})(?:_[a-z]+)?/")
UPDATED_RE = re.compile(r"更新日\s*[:：]?\s*((?:令和|平成)\s*\S{1,3}\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日|\d{4}年\d{1,2}月\d{1,2}日)")
BODY_CANDIDATES = (
    ".article__body", ".p-article__body", ".article-body", ".section-body", ".contents-area",
    "div.section", "#contents-body", ".main-contents", "article", "#main", "main",
)
#: Containers of the current templates: when present, they alone hold the text (maybe none yet).
STRICT_BODY = (".article__body", ".p-article__body")
SKIP_IN_BODY = (
    "header", "footer", "nav", "aside", ".breadcrumb", "#breadcrumb", ".js-html-parts", ".modal__content",
    ".heading-top", ".heading-top-overlay", ".article__header", "h1", ".date", ".sns", ".share", "form",
    ".movie", ".movie-area", ".video", ".list-related", ".link-list", ".pager", "#breadcrumb", "#header", "#footer", ".gnav",
)


def cabinet_of(url: str) -> str | None:
    """Cabinet number in a kantei URL (``/jp/105/…`` → ``"105"``)."""
    m = CABINET_RE.search(url)
    return m.group(1) if m else None


def list_items(sel: Selector) -> list[dict[str, Any]]:
    """Statement links of any kantei list template: href, title, list date (the event date)."""
    out = []
    for a in sel.css("a.list-photo__link, a.list-standard__link, a.list-new__link, a.panel-article__link"):
        title = element_text(a.css(".list-photo__title, .list-standard__description, .list-new__description, .panel-article__title") or a)
        date_text = " ".join(a.css(".list-photo__date ::text, .list-standard__date ::text, .list-new__date ::text, time ::text").getall())
        out.append({"href": a.attrib.get("href"), "title": title, "date": parse_date(date_text)})
    for a in sel.css("div.news-list-title > a, ul.bullet-list > li > a"):
        text = element_text(a)
        # ≈2022-24 lists: the date is a sibling "div.news-list-date" (更新日：令和6年8月14日) of the title
        around = " ".join(a.xpath("ancestor::div[contains(@class,'news-list-data')][1]//div[contains(@class,'news-list-date')]//text()").getall())
        out.append({"href": a.attrib.get("href"), "title": text, "date": parse_date(around) or parse_date(text)})
    return [i for i in out if i["href"]]


def press_items(sel: Selector) -> list[dict[str, Any]]:
    """CCS press list: one item per session (date heading, 午前/午後 label, topic summary)."""
    out = []
    for block in sel.css("div.list-press"):
        day = parse_date(" ".join(block.css("h3.list-press__date ::text, .list-press__date ::text").getall()))
        for a in block.css("a.list-press__link"):
            out.append({
                "href": a.attrib.get("href"),
                "label": tidy(" ".join(a.css("span.label ::text").getall())),
                "title": element_text(a.css(".list-press__description") or a),
                "date": day,
            })
    return [i for i in out if i["href"]]


def detail_title(sel: Selector) -> str:
    """Statement title: the article ``h1`` (not the section banner), else ``og:title``."""
    for css in ("h1.article__title", ".article__header h1", "h1.heading-lv1", "main h1", "h1"):
        for h in sel.css(css):
            if "heading-top-overlay__title" in (h.attrib.get("class") or ""):
                continue
            t = element_text(h)
            if t:
                return t
    og = sel.css('meta[property="og:title"]::attr(content)').get() or sel.css("title::text").get() or ""
    return tidy(re.split(r"\s*[|｜]\s*(?:首相官邸|Prime Minister)", og)[0])


def updated_date(sel: Selector) -> date | None:
    """The page's 更新日 (update date, not the event date)."""
    texts = sel.css("span.date ::text, .date ::text, time ::text, .update ::text").getall()
    for t in texts + [" ".join(sel.css("body ::text").getall()[:400])]:
        if m := UPDATED_RE.search(nfkc(t)):
            return parse_date(m.group(1))
    return None


#: Player notes above the text of press conference pages (2025–26: "動画が再生できない方はこちら
#: （政府広報オンライン）", "動画ファイルはこちら"), kept out of the text whatever element holds them.
PLAYER_LINE = re.compile(
    r"^(?:動画が再生できない方は.{0,40}|動画ファイルは.{0,40}|.{0,30}JavaScript.{0,60}"
    r"|If you (?:can ?not|can't) (?:play|view) the video.{0,60}|Video file.{0,40}"
    r"|Simultaneous interpretation services for this video.{0,80})$",
    re.I,
)


def detail_body(sel: Selector) -> str:
    """The statement text (furniture removed)."""
    text = main_text(sel, BODY_CANDIDATES, min_chars=10, skip_css=SKIP_IN_BODY, strict=STRICT_BODY)
    return "\n".join(ln for ln in text.splitlines() if not PLAYER_LINE.match(nfkc(ln).strip()))


def pm_label(cabinet: str | None, text: str = "") -> str | None:
    """The Prime Minister speaking: ``高市早苗内閣総理大臣`` from the cabinet table or the page."""
    if cabinet in CABINET_PM:
        return f"{CABINET_PM[cabinet]}内閣総理大臣"
    m = re.search(r"【(\S{1,6}?)総理", text)
    return f"{m.group(1)}内閣総理大臣" if m else None


#: English transcripts: "PRIME MINISTER TAKAICHI:", "REPORTER:", "CABINET PUBLIC RELATIONS SECRETARY:".
EN_TURNS_SPEC = (
    # section headers: "[Opening statement by Prime Minister Ishiba]", "[Provisional Translation]", "Q&As",
    # "(Abridged)", "Press Conference by the Chief Cabinet Secretary (PM)(Excerpt)" (any case)
    (r"(?i:\[?(?:Opening Statement|Opening Remarks|Questions and Answers|Question and Answer Session|Provisional translation)[^\]\n]{0,60}\]?"
     r"|Q\s?&\s?As?|\((?:Abridged|Excerpt)\)|\[(?:…|\.\.\.)\]"
     r"|Press Conference by (?:the )?(?:Deputy )?Chief Cabinet Secretary[^\n]{0,40}\((?:Excerpt|Abridged)\))\s*$", None),
    (r"(?P<speaker>(?:CABINET PUBLIC RELATIONS SECRETARY|MODERATOR|MC|Cabinet Public Relations Secretary|Moderator)[A-Za-z .]{0,30})\s*[:：]", "moderator"),
    (r"(?P<speaker>REPORTER|QUESTIONER|Q|Reporter|Question)(?:\s*\([^)]{1,40}\))?\s*[:：]", "reporter"),
    (r"(?P<speaker>(?:PRIME MINISTER|Prime Minister|CHIEF CABINET SECRETARY|Chief Cabinet Secretary|DEPUTY CHIEF CABINET SECRETARY|Deputy Chief Cabinet Secretary)(?:\s+[A-Z][A-Za-z]+){0,2})\s*[:：]", "official"),
)


def en_title(sel: Selector) -> str:
    """EN detail title: ``h1`` (not a banner) or ``og:title`` without the site suffix."""
    for css in ("h1.article__title", ".article__header h1", "main h1", "h1"):
        for h in sel.css(css):
            if "heading-top-overlay__title" in (h.attrib.get("class") or ""):
                continue
            if t := element_text(h):
                return t
    og = sel.css('meta[property="og:title"]::attr(content)').get() or sel.css("title::text").get() or ""
    return tidy(re.split(r"\s*[|｜]\s*(?:Prime Minister|The Prime Minister)", og)[0])


#: An EN section header line (see :data:`EN_TURNS_SPEC`): not anybody's words.
EN_HEADER_LINE = re.compile(r"^\s*(?:" + EN_TURNS_SPEC[0][0] + r")")
_EN_TITLE_LABEL = re.compile(r"^(?P<role>(?:DEPUTY )?CHIEF CABINET SECRETARY|PRIME MINISTER)\s+(?P<name>[A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+)?)$")


def en_official_label(label: str | None) -> str | None:
    """``DEPUTY CHIEF CABINET SECRETARY NISHIMURA`` → ``Deputy Chief Cabinet Secretary NISHIMURA``."""
    m = _EN_TITLE_LABEL.match((label or "").strip())
    if not m:
        return label
    return f"{m['role'].title()} {m['name'].upper() if ' ' not in m['name'] else m['name']}"
