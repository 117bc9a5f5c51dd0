"""www.mofa.go.jp: FM press-conference index (year x month), month pages, conference records."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from crawlers.demo.compose import compose_transcript
from crawlers.demo.content import Content
from crawlers.demo.pages import (
    DEMO_NOTE,
    JST,
    Doc,
    Page,
    Turn,
    h,
    ha,
    ja_weekday,
    reiwa,
)
from crawlers.demo.plan import SEED, Item

HOST = "www.mofa.go.jp"
BASE = f"https://{HOST}"
SRC = "jp_mofa_press_conferences_ja"
_MEDIA_JP = ["ＮＨＫ", "共同通信", "時事通信", "朝日新聞", "読売新聞", "毎日新聞", "日本経済新聞", "産経新聞",
             "テレビ朝日", "フジテレビ", "ＴＢＳ", "北海道新聞", "フリーランス"]
_MEDIA_KR = ["聯合ニュース", "ＫＢＳ", "東亜日報", "ＭＢＣ", "朝鮮日報"]
_REPORTERS = ["田中", "鈴木", "高橋", "渡辺", "伊藤", "山本", "中村", "小林", "加藤", "吉田", "山口", "松本",
              "井上", "木村", "林", "清水"]
_KR_REPORTERS = ["金", "朴", "李", "崔", "鄭"]
_HISTORY = {"takeshima", "textbook", "yasukuni", "sado", "history", "bluebook", "whitepaper", "kr_relations"}


def docs(items: list[Item], content: Content) -> list[Doc]:
    """Compose conference records: 冒頭発言 then 【media　name記者】 / 【name外務大臣】 turns."""
    cfg = content.sources[SRC]
    out: list[Doc] = []
    used_qa: set[str] = set()
    seq, seq_adhoc = 90, 61
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_transcript(content, "mofa_jp", it.topics, it.opening, it.day, rng, used_qa,
                               cfg["qa_topics"], cfg["open_topics"], force_qa=it.options.get("opt_qa", ""))
        fm = content.official("jp_fm", it.day)
        if it.options.get("opt_adhoc"):
            site_id, seq_adhoc = f"kaikenit_000001_{seq_adhoc:05d}", seq_adhoc + 1
        else:
            site_id, seq = f"kaikenw_000001_{seq:05d}", seq + 1
        start = datetime.combine(it.day, time(rng.choice((9, 10, 10, 16, 17)), rng.randint(0, 59)), JST)
        label = f"【{fm}外務大臣】"
        turns = [Turn("official", label, ["".join(s) for _, s in c.opening])]
        for _head, pair in c.qa:
            korean = bool(set(c.topics) & _HISTORY) and rng.random() < 0.5
            media = rng.choice(_MEDIA_KR if korean else _MEDIA_JP)
            name = rng.choice(_KR_REPORTERS if korean else _REPORTERS)
            reporter = f"【{media}　{name}記者】"
            for role, paras in pair:
                turns.append(Turn("reporter", reporter, paras) if role == "q" else Turn("official", label, paras))
        pub = start + timedelta(days=rng.choice((0, 1, 1, 2)), hours=3)
        out.append(Doc(SRC, site_id, f"{BASE}/mofaj/press/kaiken/{site_id}.html", "ja", it.day, pub,
                       f"{fm}外務大臣会見記録", "press_conference", f"{fm}外務大臣", turns=turns, topics=c.topics,
                       provenance=sorted(c.provenance),
                       extra={"start": start, "opening": c.opening, "qa": c.qa, "event": it.event}))
    return out


_HEAD = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<title>{title}｜外務省</title>
<meta name="robots" content="index,follow">
<meta property="og:locale" content="ja_JP">
<meta property="og:title" content="{title}">
<meta property="og:type" content="government">
<meta property="og:url" content="{url}">
<link rel="stylesheet" href="/mofaj/style/layout.css" media="all">
</head>
<body>
<!-- {note} -->
<div id="wrapper">
<header id="header"><p class="logo"><a href="/mofaj/index.html"><img src="/mofaj/files/100000000.png" alt="外務省"></a></p></header>
<main id="main">
<article class="main-contents">
"""
_FOOT = """</article>
</main>
<footer id="footer"><p class="copyright">Copyright &copy; Ministry of Foreign Affairs of Japan</p></footer>
</div>
</body>
</html>
"""


def _page(path: str, title: str, inner: str, kind: str, ds: list[Doc] | None = None) -> Page:
    url = BASE + path
    html = _HEAD.format(title=ha(title), url=ha(url), note=DEMO_NOTE) + inner + _FOOT
    return Page(f"{HOST}{path}", html.encode("utf-8"), url, SRC, kind, ds or [], "ja")


def _when(d: Doc) -> str:
    s = d.extra["start"]
    return f"{reiwa(d.event_date)}（{ja_weekday(d.event_date)}）{s.hour}時{s.minute:02d}分　於：本省会見室"


def detail(d: Doc) -> Page:
    """A conference record: ``h2.title2 > span`` title, ``h3 > span`` date, 冒頭発言, Q&A sections."""
    fm_label = d.turns[0].label
    parts = ['<h3 class="title3">冒頭発言</h3>']
    for i, (head, sents) in enumerate(d.extra["opening"], 1):
        if head:
            parts.append(f"<h4>（{i}）{h(head)}</h4>")
        parts.append(f"<p>{h(fm_label) if i == 1 else ''}{h(''.join(sents))}</p>")
    turn_iter = iter(d.turns[1:])
    for head, pair in d.extra["qa"]:
        parts.append(f'<h3 class="title3">{h(head)}</h3>')
        for _ in pair:
            t = next(turn_iter)
            parts.append(f"<p>{h(t.label)}{h(t.paragraphs[0])}</p>")
            parts += [f"<p>{h(p)}</p>" for p in t.paragraphs[1:]]
    inner = f"""<div class="main-title">
<h2 class="title2"><span>{h(d.title)}</span></h2>
<h3><span>{_when(d)}</span></h3>
</div>
<div class="movie-area"><p><a href="https://www.youtube.com/">会見動画（外務省YouTubeチャンネル）</a></p></div>
<div id="maincontents" class="any-area">
{chr(10).join(parts)}
</div>
<p class="rightalign">{reiwa(d.published.date())}</p>
"""
    return _page(d.url.removeprefix(BASE), d.title, inner, "detail", [d])


def month(y: int, m: int, ds: list[Doc]) -> Page:
    """Month page ``/mofaj/press/kaiken/gaisho/YYYYMM.html``: ``div#pressconf dl > dt > a``."""
    rows = "\n".join(
        f'<dl><dt><a href="{ha(d.url.removeprefix(BASE))}">{h(d.title)}（{reiwa(d.event_date)}）</a></dt>'
        f"<dd>{h('、'.join(head for head, _ in d.extra['qa'] if head))}</dd></dl>" for d in ds)
    inner = f"""<div class="main-title"><h2 class="title2"><span>外務大臣会見記録（{reiwa(ds[0].event_date).split('月')[0]}月）</span></h2></div>
<div id="pressconf">
{rows}
</div>
<p><a href="/mofaj/press/kaiken/gaisho/index.html">外務大臣会見記録 一覧へ戻る</a></p>
"""
    return _page(f"/mofaj/press/kaiken/gaisho/{y}{m:02d}.html", f"外務大臣会見記録（{y}年{m}月）", inner, "list")


def index(months: list[tuple[int, int]]) -> Page:
    """``/mofaj/press/kaiken/gaisho/index.html``: table, one row per year (令和), month links in td[2]."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for y, m in months:
        by_year[y].append(m)
    rows = []
    for y in sorted(by_year, reverse=True):
        links = " ".join(f'<a href="/mofaj/press/kaiken/gaisho/{y}{m:02d}.html">{m}月</a>'
                         for m in sorted(by_year[y]))
        rows.append(f"<tr><td class=\"year\">令和{y - 2018}年</td><td>{links}</td></tr>")
    inner = f"""<div class="main-title"><h2 class="title2"><span>外務大臣会見記録</span></h2></div>
<div class="any-area"><div class="table-area"><table class="table-kaiken">
<tbody>
{chr(10).join(rows)}
</tbody>
</table></div></div>
"""
    return _page("/mofaj/press/kaiken/gaisho/index.html", "外務大臣会見記録", inner, "list")


def pages(ds: list[Doc]) -> list[Page]:
    """Every MOFA Japan page of the archive."""
    out = [detail(d) for d in ds]
    by_month: dict[tuple[int, int], list[Doc]] = defaultdict(list)
    for d in ds:
        by_month[(d.event_date.year, d.event_date.month)].append(d)
    for (y, m), group in sorted(by_month.items()):
        out.append(month(y, m, sorted(group, key=lambda d: d.event_date, reverse=True)))
    out.append(index(sorted(by_month)))
    return out
