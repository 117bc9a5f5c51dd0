"""www.mofa.go.kr: KO press releases (RSS 235, ``m_4080`` list/view) and the EN briefings feed (RSS 303).

Every path except ``/robots.txt`` sits behind the ``TMOSHCooKie`` gate: 307 to itself until the
cookie is sent (the mirror's ``require_cookie``).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from crawlers.demo.compose import compose_statement, compose_transcript
from crawlers.demo.content import Content
from crawlers.demo.pages import (
    DEMO_NOTE,
    KST,
    Doc,
    Page,
    Turn,
    en_date,
    h,
    ha,
    headers_page,
    rfc822,
)
from crawlers.demo.plan import SEED, Item

HOST = "www.mofa.go.kr"
BASE = f"https://{HOST}"
SRC_KO = "kr_mofa_press_releases_ko"
SRC_EN = "kr_mofa_briefings_en"
GATE = {"require_cookie": "TMOSHCooKie"}
PER_PAGE = 10
_DEPTS = {"takeshima": "대변인실", "textbook": "대변인실", "yasukuni": "대변인실", "sado": "동북아시아국",
          "bluebook": "대변인실", "whitepaper": "대변인실", "nk": "한반도정책국", "econsec": "경제안보외교센터",
          "trilateral": "북미국", "kr_relations": "동북아시아국", "routine": "대변인실", "dokdo": "대변인실"}


def docs_ko(items: list[Item], content: Content) -> list[Doc]:
    """Compose KO press releases; ``seq`` ids increase with the date."""
    out: list[Doc] = []
    seq = 375100
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_statement(content, "mofa_kr", it.topics[0], it.day, rng, body=(2, 5))
        seq += rng.randint(3, 25)
        pub = datetime.combine(it.day, time(rng.randint(8, 20), rng.randint(0, 59)), KST)
        numbered = it.topics[0] in ("routine", "econsec", "trilateral") and rng.random() < 0.6
        paras = [f"{i}. {s}" if numbered else s for i, s in enumerate(c.sentences, 1)]
        out.append(Doc(SRC_KO, str(seq), f"{BASE}/www/brd/m_4080/view.do?seq={seq}", "ko", it.day, pub, c.title,
                       "release", "외교부", paragraphs=paras, topics=c.topics, provenance=sorted(c.provenance),
                       extra={"dept": _DEPTS.get(it.topics[0], "대변인실"), "se": rng.random() < 0.3,
                              "event": it.event}))
    return out


def docs_en(items: list[Item], content: Content) -> list[Doc]:
    """Compose EN briefing translations (opening + ``Q:``/``A:`` turns) for the RSS 303 feed."""
    cfg = content.sources[SRC_EN]
    out: list[Doc] = []
    used: set[str] = set()
    seq = 319900
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_transcript(content, "mofa_kr_brief", it.topics, it.opening, it.day, rng, used,
                               cfg["qa_topics"], cfg["open_topics"], n_qa=(1, 3), force_qa=it.options.get("opt_qa", ""))
        seq += rng.randint(1, 4)
        deputy = rng.random() < 0.3 and content.official("kr_dspox_en", it.day)
        who = content.official("kr_dspox_en" if deputy else "kr_spox_en", it.day)
        qa_text = bool(it.topics) or rng.random() < 0.75
        head = ["Press Briefing", who, f"{en_date(it.day)} 14:30 KST", "Good afternoon. Let me start today's briefing."]
        turns = [Turn("official", "", head[3:] + [" ".join(s) for _, s in c.opening])]
        if qa_text:
            for _h, pair in c.qa:
                turns += [Turn("reporter" if r == "q" else "official", "Q:" if r == "q" else "A:", p) for r, p in pair]
        pub = datetime.combine(it.day, time(rng.randint(16, 20), rng.randint(0, 59), rng.randint(0, 59)), KST)
        pub += timedelta(days=rng.choice((0, 0, 1)))
        out.append(Doc(SRC_EN, str(seq), f"http://{HOST}/www/brd/m_5679/view.do?seq={seq}", "en", it.day, pub,
                       f"Spokesperson's Press Briefing ({en_date(it.day)})", "briefing", who, turns=turns,
                       topics=c.topics, provenance=sorted(c.provenance), is_translation=True,
                       extra={"head": head[:3], "qa_text": qa_text, "event": it.event}))
    return out


_HEAD = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="UTF-8">
<title>{title} | 외교부</title>
<link rel="stylesheet" href="/www/css/common.css">
</head>
<body>
<!-- {note} -->
<div id="wrap"><header id="header"><h1><a href="/www/index.do">외교부</a></h1></header>
<div id="container"><div id="contents">
"""
_FOOT = """</div></div>
<footer id="footer"><address>(03172) 서울특별시 종로구 사직로8길 60 외교부</address></footer>
</div>
</body>
</html>
"""


def _gated(p: Page, extra: dict | None = None) -> list[Page]:
    return [p, headers_page(p, dict(GATE, **(extra or {})))]


def _page(url: str, file: str, title: str, inner: str, kind: str, ds: list[Doc] | None = None) -> list[Page]:
    html = _HEAD.format(title=ha(title), note=DEMO_NOTE) + inner + _FOOT
    return _gated(Page(f"{HOST}{file}", html.encode("utf-8"), url, SRC_KO, kind, ds or [], "ko"))


def detail_ko(d: Doc) -> list[Page]:
    """``view.do?seq=N``: ``div.bo_head h2``, ``dl dd`` (dept, date), ``div.bo_con`` (some SmartEditor)."""
    if d.extra["se"]:
        body = "".join(f'<p class="se-text-paragraph"><span>{h(p)}</span></p>' for p in d.paragraphs)
        body = f'<div class="se-contents">{body}</div>'
    else:
        body = "\n".join(f"<p>{h(p)}</p>" for p in d.paragraphs)
    inner = f"""<div class="board_detail">
<div class="bo_head"><h2>{h(d.title)}</h2>
<dl><dt>담당부서</dt><dd>{h(d.extra['dept'])}</dd><dt>작성일</dt><dd>{d.published:%Y.%m.%d}</dd></dl></div>
<div class="bo_con">
{body}
</div>
<div class="bo_foot"><a href="./list.do" class="btn_list">목록</a></div>
</div>
"""
    return _page(d.url, f"/www/brd/m_4080/view.do@seq={d.site_id}", d.title, inner, "detail", [d])


def list_ko(ds: list[Doc], page: int, n_pages: int, total: int) -> list[Page]:
    """``list.do?page=N``: ``tbody tr`` (skip ``tr.notice``), ``onclick="f_view('N')"``, date ``YYYY-MM-DD``."""
    rows = [('<tr class="notice"><td class="num"><span class="ico_notice">공지</span></td>'
            '<td class="al_left"><a href="#" onclick="f_view(\'300001\');return false;">보도자료 게시판 이용 안내</a></td>'
            "<td>대변인실</td><td>2024-01-02</td><td>5021</td></tr>")]
    for i, d in enumerate(ds):
        rows.append(f'<tr><td class="num">{total - (page - 1) * PER_PAGE - i}</td>'
                    f'<td class="al_left"><a href="#" onclick="f_view(\'{d.site_id}\');return false;">{h(d.title)}</a></td>'
                    f"<td>{h(d.extra['dept'])}</td><td>{d.published:%Y-%m-%d}</td><td>{120 + 7 * i}</td></tr>")
    on = ' class="on"'
    links = "".join(f'<a href="./list.do?page={n}"{on if n == page else ""}>{n}</a>' for n in range(1, n_pages + 1))
    inner = f"""<h3 class="tit">보도자료</h3>
<table class="board_list"><caption>보도자료 목록</caption>
<thead><tr><th>번호</th><th>제목</th><th>담당부서</th><th>작성일</th><th>조회수</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<div class="paging"><a href="./list.do?page=1" class="first">처음</a>{links}<a href="./list.do?page={n_pages}" class="last">마지막</a></div>
"""
    url = f"{BASE}/www/brd/m_4080/list.do?page={page}"
    out = _page(url, f"/www/brd/m_4080/list.do@page={page}", "보도자료", inner, "list")
    if page == 1:
        out += _page(f"{BASE}/www/brd/m_4080/list.do", "/www/brd/m_4080/list.do", "보도자료", inner, "list")
    return out


def _rss(title: str, link: str, desc: str, items: str, src: str, file: str, url: str) -> list[Page]:
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- ' + DEMO_NOTE + ' -->\n'
           '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n<channel>\n'
           f"<title>{h(title)}</title>\n<link>{link}</link>\n<description>{h(desc)}</description>\n{items}</channel>\n</rss>\n")
    return _gated(Page(f"{HOST}{file}", xml.encode("utf-8"), url, src, "feed", [], ""),
                  {"headers": {"Content-Type": "application/rss+xml"}})


def feed_ko(ds: list[Doc]) -> list[Page]:
    """``/www/brd/rss.do?brdId=235``: 20 newest releases, first sentence as description."""
    newest = sorted(ds, key=lambda d: d.published, reverse=True)[:20]
    items = "".join(f"<item>\n<title>{h(d.title)}</title>\n<link>{h(d.url)}</link>\n"
                    f"<description><![CDATA[{d.paragraphs[0]}]]></description>\n"
                    f"<pubDate>{rfc822(d.published)}</pubDate>\n<guid>{h(d.url)}</guid>\n</item>\n" for d in newest)
    return _rss("외교부 > 알림 > 보도자료", "http://www.mofa.go.kr/www/brd/m_4080/list.do", "RSS 주소목록 외교부 > 보도자료",
                items, SRC_KO, "/www/brd/rss.do@brdId=235", f"{BASE}/www/brd/rss.do?brdId=235")


def feed_en(ds: list[Doc]) -> list[Page]:
    """``/www/brd/rss.do?brdId=303``: every EN briefing, whole text in ``content:encoded``."""
    items = []
    for d in sorted(ds, key=lambda d: d.published, reverse=True):
        paras = [f"<p>{h(x)}</p>" for x in d.extra["head"]]
        for t in d.turns:
            first = f"{t.label} {t.paragraphs[0]}".strip()
            paras += [f"<p>{h(first)}</p>"] + [f"<p>{h(p)}</p>" for p in t.paragraphs[1:]]
        if not d.extra["qa_text"]:
            paras.append("<p>(A question-and-answer session followed.)</p>")
        items.append(f"<item>\n<title>{h(d.title)}</title>\n<link>{h(d.url)}</link>\n"
                     f"<content:encoded><![CDATA[{''.join(paras)}]]></content:encoded>\n"
                     f"<pubDate>{rfc822(d.published, gmt=True)}</pubDate>\n</item>\n")
    pages = _rss("영문대표홈페이지 > Press > Press Briefings", "http://www.mofa.go.kr/www/brd/m_5679/list.do",
                 "RSS 주소목록  영문대표홈페이지 > Press > Press Briefings", "".join(items), SRC_EN,
                 "/www/brd/rss.do@brdId=303", f"{BASE}/www/brd/rss.do?brdId=303")
    pages[0].docs, pages[0].lang = list(ds), "en"
    return pages


def pages(ko: list[Doc], en: list[Doc]) -> list[Page]:
    """Every mofa.go.kr page of the archive (each with its cookie-gate sidecar)."""
    out: list[Page] = []
    for d in ko:
        out += detail_ko(d)
    rows = sorted(ko, key=lambda d: (d.published, d.site_id), reverse=True)
    n_pages = -(-len(rows) // PER_PAGE)
    for p in range(1, n_pages + 1):
        out += list_ko(rows[(p - 1) * PER_PAGE: p * PER_PAGE], p, n_pages, len(rows))
    return out + feed_ko(ko) + feed_en(en)
