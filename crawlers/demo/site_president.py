"""www.president.go.kr: ``/speeches`` page, AJAX POST list endpoint (JSON), ``/speeches/{BBS_CD}``."""

from __future__ import annotations

import random
import string
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from crawlers.demo.compose import compose_statement
from crawlers.demo.content import Content
from crawlers.demo.pages import (
    DEMO_NOTE,
    KST,
    Doc,
    Page,
    dump_json,
    h,
    ha,
    headers_page,
    ko_weekday,
)
from crawlers.demo.plan import SEED, Item
from crawlers.mirror import query_key

HOST = "www.president.go.kr"
BASE = f"https://{HOST}"
SRC = "kr_president_speeches_ko"
ENDPOINT = "/ajaxf/frBoard/bbsViewGalleryList.do"
#: The hidden ``#sendForm`` fields of /speeches (sSearchGbn/sSearchTxt are sent blank).
FORM = {"MENU_CD": "puvIc0NF", "CONTENTS_CD": "vqNUjDNc", "pSiteNo": "2", "pBoardSeq": "12",
        "SHORT_URL": "speeches", "sSearchGbn": "", "sSearchTxt": ""}
PAGE_SIZES = (12, 500)  # 12 = the page's own default; 500 = what bulk collectors send


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(8))


def docs(items: list[Item], content: Content) -> list[Doc]:
    """Compose the president's speeches; some are posted 1-3 days late with an ``M/D(요일)`` title prefix."""
    out: list[Doc] = []
    codes: set[str] = set()
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_statement(content, "president", it.topics[0], it.day, rng, body=(3, 6))
        code = _code(rng)
        while code.lower() in codes:  # case-insensitive file systems must not collide
            code = _code(rng)
        codes.add(code.lower())
        lag = rng.choice((1, 2, 3)) if (rng.random() < 0.15 or it.options.get("opt_late")) else 0
        title = c.title
        if lag:
            title = f"{it.day.month}/{it.day.day}({ko_weekday(it.day)}) {title}"
        pub = datetime.combine(it.day + timedelta(days=lag), time(rng.randint(9, 21), rng.randint(0, 59)), KST)
        paras = [" ".join(c.sentences[i:i + 2]) for i in range(0, len(c.sentences), 2)]
        out.append(Doc(SRC, code, f"{BASE}/speeches/{code}", "ko", it.day, pub, title, "speech",
                       content.official("kr_president", it.day), paragraphs=paras, topics=c.topics,
                       provenance=sorted(c.provenance), extra={"lag": lag, "event": it.event}))
    return out


_HEAD = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title} | 대한민국 대통령실</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<link rel="stylesheet" href="/static/css/common.css">
</head>
<body>
<!-- {note} -->
<div id="wrap">
<header id="header"><h1 class="logo"><a href="/">대한민국 대통령실</a></h1>
<nav class="gnb"><ul><li><a href="/speeches">연설문</a></li><li><a href="/briefings">브리핑</a></li></ul></nav></header>
<div id="container">
"""
_FOOT = """</div>
<footer id="footer"><p class="copy">COPYRIGHT &copy; OFFICE OF THE PRESIDENT. ALL RIGHTS RESERVED.</p></footer>
</div>
</body>
</html>
"""


def _page(path: str, file: str, title: str, inner: str, kind: str, ds: list[Doc] | None = None) -> Page:
    url = BASE + path
    html = _HEAD.format(title=ha(title), url=ha(url), note=DEMO_NOTE) + inner + _FOOT
    return Page(f"{HOST}{file}", html.encode("utf-8"), url, SRC, kind, ds or [], "ko")


def detail(d: Doc) -> Page:
    """``/speeches/{BBS_CD}``: ``h3.tit``, ``span.date`` YYYY.MM.DD, body ``.view_txt .txtArea`` (1-2 blocks)."""
    paras = [f"<p>{h(p)}</p>" for p in d.paragraphs]
    cut = len(paras) // 2 if len(paras) >= 4 else len(paras)
    blocks = f'<div class="txtArea">\n{chr(10).join(paras[:cut])}\n</div>'
    if cut < len(paras):
        blocks += ('\n<div class="imgArea"><img src="/upload/speeches/photo.jpg" alt="행사 사진"></div>\n'
                   f'<div class="txtArea">\n{chr(10).join(paras[cut:])}\n</div>')
    inner = f"""<div class="board_view">
<div class="view_top"><span class="cate">연설문</span><h3 class="tit">{h(d.title)}</h3>
<div class="info"><span class="date">{d.published:%Y.%m.%d}</span></div></div>
<div class="view_cont"><div class="view_txt">
{blocks}
</div></div>
<div class="view_btn"><a href="/speeches" class="btn_list">목록</a></div>
</div>
"""
    path = d.url.removeprefix(BASE)
    return _page(path, path, d.title, inner, "detail", [d])


def list_page() -> Page:
    """``/speeches``: shell page whose list is loaded by POSTing ``#sendForm`` to the AJAX endpoint."""
    fields = "\n".join(f'<input type="hidden" name="{k}" id="{k}" value="{v}">' for k, v in FORM.items())
    inner = f"""<div class="sub_tit"><h2>연설문</h2></div>
<form id="sendForm" name="sendForm" method="post" action="{ENDPOINT}">
<input type="hidden" name="pageNo" id="pageNo" value="1">
<input type="hidden" name="pagePerCnt" id="pagePerCnt" value="{PAGE_SIZES[0]}">
{fields}
</form>
<div class="board_gallery"><ul id="listArea"></ul><div class="paging" id="pagingArea"></div></div>
<script>
function fn_getList(pageNo) {{
  $("#pageNo").val(pageNo);
  $.ajax({{ url: "{ENDPOINT}", type: "POST", data: $("#sendForm").serialize(), dataType: "json",
    success: function (res) {{ fn_drawList(res.data.list, res.data.totalRecordCount); }} }});
}}
$(function () {{ fn_getList(1); }});
</script>
"""
    return _page("/speeches", "/speeches/index.html", "연설문", inner, "list")


def json_pages(ds: list[Doc]) -> list[Page]:
    """The POST endpoint's answers, one file per (pagePerCnt, pageNo) plus one empty page past the end."""
    rows = sorted(ds, key=lambda d: (d.published, d.site_id), reverse=True)
    out = []
    for size in PAGE_SIZES:
        n_pages = -(-len(rows) // size)
        for page_no in range(1, n_pages + 2):
            chunk = rows[(page_no - 1) * size: page_no * size]
            data = {"list": [{"BBS_CD": d.site_id, "BBS_SEQ": 9000 + rows.index(d), "SUBJECT": d.title,
                              "WRITE_DATE": f"{d.published:%Y.%m.%d}", "CATEGORY_NM": "연설문",
                              "THUMB_FILE_PATH": f"/upload/speeches/{d.site_id}.jpg", "VIEW_CNT": 1000 + 37 * i}
                             for i, d in enumerate(chunk)],
                    "totalRecordCount": len(rows), "pageNo": page_no, "pagePerCnt": size}
            form = dict(FORM, pageNo=str(page_no), pagePerCnt=str(size))
            file = f"{HOST}{ENDPOINT}@POST@{query_key(urlencode(form))}"
            p = Page(file, dump_json({"result": "success", "data": data}), BASE + ENDPOINT, SRC, "json", [], "ko")
            out += [p, headers_page(p, {"headers": {"Content-Type": "application/json;charset=UTF-8"}})]
    return out


def pages(ds: list[Doc]) -> list[Page]:
    """Every president.go.kr page of the archive."""
    return [detail(d) for d in ds] + [list_page()] + json_pages(ds)
