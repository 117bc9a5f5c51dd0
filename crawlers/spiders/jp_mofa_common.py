"""What the mofa.go.jp spiders share: archive tables, title lists, detail fields, turn markers.

Verified markup (sources.md §1.2): conference index = table of year rows (令和N年 / YYYY) with
month links; month pages ``div#pressconf dl > dt > a``; EN lists ``dl.title-list > dt > a``;
release list ``div#pressrelease > dl.title-list > dt.list-title`` ("8月19日付", no year) +
``dd a``; detail title ``h2.title2 > span`` / ``og:title``, date ``h3 > span`` (令和…) or the EN
header line ("Wednesday, February 12, 2025, 4:18 p.m."), ``div.rightalign`` posting date, body
``div#maincontents`` / ``div.any-area``. JA turns ``【…記者】`` / ``【…外務大臣】``; EN turns
``Mr. IWAYA Takeshi, Minister for Foreign Affairs:`` / ``Minister Iwaya:`` / ``Kyodo News, Sakaguchi:``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawlers.dates import ERA_YEAR_RE, era_to_year, nfkc, parse_date
from crawlers.html import element_text, main_text, tidy
from crawlers.items import ROLE_MODERATOR, ROLE_OFFICIAL, ROLE_REPORTER
from crawlers.turns import TurnRule, guess_role

BODY = ("div#maincontents", "div#contents-body div.any-area", "div.any-area", "div#contents-body", "main#contents", "article")
SKIP = (
    "header", "footer", "nav", "aside", "#breadcrumb", ".breadcrumb", "h1", "h2.title2", ".main-title",
    ".movie-area", ".rightalign", ".archive-link", "script", "form", ".social", ".share", ".pagetop",
    ".title-list", "h3",  # topic headings: kept in extra["topics"], not in any turn
)

JA_TURNS = (
    TurnRule.of(r"(?:冒頭発言|質疑応答)\s*$", None),
    TurnRule.of(r"【(?P<speaker>[^】]{0,40}記者)】", ROLE_REPORTER),
    TurnRule.of(r"【(?P<speaker>[^】]{0,20}司会[^】]{0,10})】", ROLE_MODERATOR),
    TurnRule.of(r"【(?P<speaker>[^】]{0,30}(?:大臣|報道官|副大臣|政務官|報道官組織犯罪担当|審議官))】", ROLE_OFFICIAL),
    TurnRule.of(r"【(?P<speaker>[^】]{1,40})】", guess_role),
    TurnRule.of(r"[（(](?P<speaker>大臣|報道官|副大臣)[）)]", ROLE_OFFICIAL),
    TurnRule.of(r"[（(](?P<speaker>記者)[）)]", ROLE_REPORTER),
)

_EN_OFFICIAL = r"(?:Mr\.|Ms\.|Mrs\.)?\s*[A-Z][A-Za-z'.\- ]{1,40},\s*(?:Minister for Foreign Affairs|Press Secretary|State Minister[^:]{0,40}|Parliamentary Vice-Minister[^:]{0,40}|Deputy Press Secretary)"
EN_TURNS = (
    TurnRule.of(r"(?:Opening Remarks|Questions and Answers)\s*:?\s*$", None),
    TurnRule.of(r"(?P<speaker>" + _EN_OFFICIAL + r")\s*:", ROLE_OFFICIAL),
    TurnRule.of(r"(?P<speaker>(?:Foreign\s+)?Minister\s+[A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+)?|Press Secretary\s+[A-Z][A-Za-z]+|(?:Deputy\s+)?Press Secretary|State Minister\s+[A-Z][A-Za-z]+)\s*:", ROLE_OFFICIAL),
    TurnRule.of(r"(?P<speaker>(?:Moderator|MC|Facilitator))\s*:", ROLE_MODERATOR),
    TurnRule.of(r"(?P<speaker>Reporter|Question|Q)\s*:", ROLE_REPORTER),
    # "Kyodo News, Sakaguchi:", "Nikkei Shimbun, Baba:", "NHK, Tanaka:", "Freelance journalist, Ito:"
    TurnRule.of(r"(?P<speaker>[A-Z][A-Za-z&.\-' ]{1,40},\s*[A-Z][A-Za-z.\-' ]{1,30})\s*:", ROLE_REPORTER),
)
EN_DATE_LINE = re.compile(r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}(?:,\s*\d{1,2}:\d\d\s*[ap]\.?m\.?)?(?:\s+.*)?$")
EN_PENDING = ("The text will be coming soon", "text will be available soon", "to be uploaded")
EN_PROVISIONAL = re.compile(r"This is a provisional translation[^\n]*", re.I)


def era_year_of(text: str) -> int | None:
    """Western year of the first 令和N年 / 平成N年 / YYYY年 in ``text``."""
    t = nfkc(text)
    if m := ERA_YEAR_RE.search(t):
        n = 1 if m["y"] == "元" else int(m["y"]) if m["y"].isdigit() else None
        return era_to_year(m["era"], n) if n else None
    if m := re.search(r"((?:19|20)\d\d)\s*年", t):
        return int(m.group(1))
    return None


def archive_months(sel: Selector, base_url: str) -> list[tuple[int, int, str]]:
    """(year, month, href) of every month link in a year × month archive table (or link list)."""
    out: list[tuple[int, int, str]] = []
    for row in sel.css("tr"):
        year = era_year_of(" ".join(row.css("th ::text, td:first-child ::text").getall()))
        for a in row.css("a"):
            m = re.search(r"(\d{1,2})\s*月", nfkc(" ".join(a.css("::text").getall())))
            href = a.attrib.get("href")
            if year and m and href:
                out.append((year, int(m.group(1)), href))
    if not out:  # link lists: month in the URL (pc_YYYYMM_index.html, YYYYMM.html, 8_01_index.html)
        for href in sel.css("a::attr(href)").getall():
            if m := re.search(r"(?<!\d)(20\d\d)(\d\d)(?:_index)?\.html$", href):
                out.append((int(m.group(1)), int(m.group(2)), href))
            elif m := re.search(r"/(\d{1,2})_(\d{1,2})_index\.html$", href):
                out.append((2018 + int(m.group(1)), int(m.group(2)), href))
    return out


def window_start(since: date | None, today: date) -> tuple[int, int]:
    """First (year, month) archive to read: the window's, else last month (a month turns over)."""
    if since is not None:
        return since.year, since.month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def title_list(sel: Selector) -> list[dict[str, Any]]:
    """Links of ``dl.title-list`` / ``div#pressconf dl`` lists with the date in their text."""
    out = []
    for a in sel.css("div#pressconf dl dt a, dl.title-list dt a, dl.title-list dd a, div#pressconf a"):
        text = element_text(a)
        out.append({"href": a.attrib.get("href"), "title": text, "date": parse_date(text)})
    seen, uniq = set(), []
    for i in out:
        if i["href"] and i["href"] not in seen:
            seen.add(i["href"])
            uniq.append(i)
    return uniq


def detail_title(sel: Selector) -> str:
    """Conference/release title: ``h2.title2 > span`` / ``h1``, else ``og:title``."""
    for css in ("h2.title2 span", "h2.title2", "#contents-header h1 span", "h1.title1 span", "h1"):
        t = element_text(sel.css(css))
        if t and t not in ("記者会見", "Press Conferences", "報道発表", "Press Releases"):
            return t
    og = sel.css('meta[property="og:title"]::attr(content)').get() or ""
    return tidy(og)


def header_date_text(sel: Selector) -> str:
    """The date line under the title (``h3 > span`` JA, first paragraph EN)."""
    texts = sel.css(".main-title h3 ::text, #contents-header h3 ::text, h3 span::text, p.date ::text, div.date ::text").getall()
    return " ".join(t.strip() for t in texts if t.strip())


def posted_date(sel: Selector) -> date | None:
    """``div.rightalign`` / ``p.rightalign`` posting date, when it holds one."""
    for t in sel.css(".rightalign ::text").getall():
        if d := parse_date(t):
            return d
    return None


#: Lines inside the record body that nobody said: the video link ("（動画）岩屋外務大臣会見の様子",
#: "(Video) Press Conference by …") and back links ("記者会見へ戻る", "Back to Press Conferences").
FURNITURE_LINE = re.compile(
    r"^\s*(?:[（(]\s*(?:動画|Video)\s*[）)].{0,80}"
    r"|(?:記者会見|会見記録|報道発表|報道発表一覧|談話|ページの(?:先頭|トップ))へ戻る"
    r"|Back to (?:Press Conferences|Press Releases|Statements|Top)|Page Top)\s*$",
    re.I,
)


def body_text(sel: Selector) -> str:
    """The transcript or release text without page furniture."""
    text = main_text(sel, BODY, min_chars=10, skip_css=SKIP, strict=("div#maincontents",))
    return "\n".join(ln for ln in text.splitlines() if not FURNITURE_LINE.match(nfkc(ln)))


def section_headings(sel: Selector) -> list[str]:
    """Topic headings of a transcript (kept in ``extra``; not part of any turn)."""
    return [t for t in (element_text(h) for h in sel.css("div#maincontents h3, div.any-area h3")) if t and t not in ("冒頭発言", "質疑応答")]


_LANG_LINK = re.compile(r"^(?:英語版|日本語版)?\s*[(\[]?\s*(English|Japanese|英語|日本語)(?:版)?\s*[)\]]?$", re.I)


def language_switch(sel: Selector, base_url: str, labels: tuple[str, ...]) -> list[str]:
    """Links labelled with a language in ``labels`` ("English", "Japanese", "英語版"…)."""
    wanted = {lab.lower() for lab in labels}
    out = set()
    for a in sel.css("a[href]"):
        m = _LANG_LINK.match(nfkc(tidy(" ".join(a.css("::text").getall()))))
        if m and m.group(1).lower() in wanted:
            href = urljoin(base_url, a.attrib["href"]).split("#")[0]
            if href != base_url and "/press/" in href:
                out.add(href)
    return sorted(out)
