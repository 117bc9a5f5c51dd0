"""www.kantei.go.jp: hub, 新着 RSS (``index-jnews.rdf``), cabinet/year statement lists, detail pages."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from crawlers.demo.compose import compose_statement
from crawlers.demo.content import Content
from crawlers.demo.pages import DEMO_NOTE, JST, Doc, Page, h, ha, reiwa, rfc822
from crawlers.demo.plan import LAST_DAY, SEED, Item

HOST = "www.kantei.go.jp"
BASE = f"https://{HOST}"
SRC = "jp_kantei_statements_ja"
_SLUGS = {"aug15": "shikiji", "nk": "kaiken", "normalization": "message", "newyear": "nentou",
          "yasukuni": "danwa", "memorial": "shikiji"}
_SPEECH = {"shikiji", "message", "nentou"}
_ACTION_SLUGS = ["kakugi", "youbou", "shimon", "hyoukei", "bousai", "kondan"]


def docs(items: list[Item], content: Content) -> list[Doc]:
    """Compose the PM's statements; URL ``/jp/{N}/statement/YYYY/MMDD{slug}.html``."""
    out: list[Doc] = []
    seen: dict[str, int] = defaultdict(int)
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_statement(content, "kantei", it.topics[0], it.day, rng, body=(2, 6))
        n = content.official("jp_cabinet", it.day)
        slug = it.options.get("opt_slug") or _SLUGS.get(it.topics[0], "kaiken")
        site_id = f"{n}/statement/{it.day.year}/{it.day:%m%d}{slug}"
        seen[site_id] += 1
        if seen[site_id] > 1:
            site_id += str(seen[site_id])
        late = rng.random() < 0.25  # posted the next day: 更新日 differs from the event date
        pub = datetime.combine(it.day, time(rng.randint(17, 22), rng.choice((0, 15, 30, 45))), JST)
        pub += timedelta(days=1) if late else timedelta()
        pm = content.official("jp_pm", it.day)
        per = 2 if slug in _SPEECH else 1
        paras = [f"【{pm}総理冒頭発言】"] if slug == "kaiken" else []
        paras += ["".join(c.sentences[i:i + per]) for i in range(0, len(c.sentences), per)]
        out.append(Doc(SRC, site_id, f"{BASE}/jp/{site_id}.html", "ja", it.day, pub, c.title,
                       "speech" if slug in _SPEECH else "statement", f"{pm}内閣総理大臣", paragraphs=paras,
                       topics=c.topics, provenance=sorted(c.provenance),
                       extra={"cabinet": n, "slug": slug, "event": it.event}))
    return out


_HEAD = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title} | 首相官邸ホームページ</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="首相官邸ホームページ">
<link rel="stylesheet" href="/assets/css/style.css">
</head>
<body>
<!-- {note} -->
<header class="header"><div class="header__inner"><p class="header__logo"><a href="/"><img src="/assets/images/common/logo_ja.svg" alt="首相官邸"></a></p>
<nav class="gnav"><ul><li><a href="/jp/{n}/statement/index.html">総理の演説・記者会見など</a></li><li><a href="/jp/{n}/actions/index.html">総理の一日</a></li><li><a href="/jp/tyoukanpress/index.html">長官記者会見</a></li></ul></nav></div></header>
<main class="main" id="main">
"""
_FOOT = """</main>
<footer class="footer"><p class="footer__copy">Copyright &copy; Cabinet Public Affairs Office, Cabinet Secretariat. All Rights Reserved.</p></footer>
</body>
</html>
"""


def _page(path: str, title: str, n: str, inner: str, kind: str, docs_: list[Doc] | None = None) -> Page:
    url = BASE + path
    html = _HEAD.format(title=ha(title), url=ha(url), note=DEMO_NOTE, n=n) + inner + _FOOT
    return Page(f"{HOST}{path}", html.encode("utf-8"), url, SRC, kind, docs_ or [], "ja")


def detail(d: Doc) -> Page:
    """One statement page: ``h1``, ``span.date`` 更新日 (full-width Reiwa), body ``p``."""
    n = d.extra["cabinet"]
    body = "\n".join(f"<p>{h(p)}</p>" for p in d.paragraphs)
    inner = f"""<div class="breadcrumb"><ol class="breadcrumb__list"><li><a href="/">トップ</a></li><li><a href="/jp/{n}/statement/index.html">総理の演説・記者会見など</a></li><li>{h(d.title)}</li></ol></div>
<article class="article">
<div class="article__header">
<h1 class="article__title">{h(d.title)}</h1>
<span class="date">更新日：{reiwa(d.published.date(), full=True)}</span>
</div>
<div class="article__body section">
{body}
</div>
</article>
"""
    return _page(d.url.removeprefix(BASE), d.title, n, inner, "detail", [d])


def _items(ds: list[Doc]) -> str:
    rows = []
    for d in ds:
        rows.append(f"""<li class="list-photo__item"><a class="list-photo__link" href="{ha(d.url.removeprefix(BASE))}">
<div class="list-photo__img"><img src="/jp/content/000000000.jpg" alt=""></div>
<div class="list-photo__body"><p class="list-photo__date">{reiwa(d.event_date)}</p><p class="list-photo__title">{h(d.title)}</p></div></a></li>""")
    return "\n".join(rows)


def listing(n: str, year: int | None, ds: list[Doc], years: list[int], cabinets: list[str]) -> Page:
    """``/jp/{N}/statement/index.html`` (latest year) or ``/jp/{N}/statement/YYYY/index.html``."""
    path = f"/jp/{n}/statement/{year}/index.html" if year else f"/jp/{n}/statement/index.html"
    title = f"総理の演説・記者会見など（{year}年）" if year else "総理の演説・記者会見など"
    arch = "".join(f'<li><a href="/jp/{n}/statement/{y}/index.html">{y}年</a></li>' for y in years)
    past = "".join(f'<li><a href="/jp/{m}/statement/index.html">第{m}代内閣</a></li>'
                   for m in cabinets if m != n)
    inner = f"""<div class="page-title"><h1 class="page-title__text">{h(title)}</h1></div>
<div class="contents">
<ul class="list-photo">
{_items(ds)}
</ul>
<aside class="archive-nav"><h2 class="archive-nav__title">年別アーカイブ</h2><ul class="archive-nav__list">{arch}</ul>
<h2 class="archive-nav__title">他の内閣</h2><ul class="archive-nav__list">{past}</ul></aside>
</div>
"""
    return _page(path, title, n, inner, "list")


def hub(cabinets: list[str], latest: list[Doc]) -> Page:
    """``/index.html``: current cabinet's section links (resolve ``/jp/(\\d+)/statement/`` by max)."""
    n = cabinets[-1]
    news = "\n".join(f'<li><a href="{ha(d.url.removeprefix(BASE))}"><span class="date">{reiwa(d.published.date())}</span>'
                     f'{h(d.title)}</a></li>' for d in latest)
    past = "".join(f'<li><a href="/jp/{m}/statement/index.html">第{m}代内閣 総理の演説・記者会見など</a></li>'
                   for m in reversed(cabinets[:-1]))
    inner = f"""<section class="top-news"><h2>新着情報</h2><ul class="top-news__list">
{news}
</ul></section>
<section class="top-links"><ul>
<li><a href="/jp/{n}/statement/index.html">総理の演説・記者会見など</a></li>
<li><a href="/jp/{n}/discourse/index.html">総理の指示・談話など</a></li>
<li><a href="/jp/{n}/actions/index.html">総理の一日</a></li>
</ul></section>
<section class="top-archive"><h2>過去の内閣</h2><ul>{past}</ul></section>
"""
    return _page("/index.html", "首相官邸ホームページ", n, inner, "hub")


def feed(ds: list[Doc], content: Content, end: date = LAST_DAY) -> Page:
    """``/index-jnews.rdf``: RSS 2.0 on one line, 25 newest items, mostly 総理の一日 items (pages not archived)."""
    rng = random.Random(f"{SEED}:kantei-feed")
    entries: list[tuple[datetime, str, str, str]] = []
    for d in ds:
        cat = "首相官邸 総理会見" if d.extra["slug"] == "kaiken" else "首相官邸 総理の発表"
        entries.append((d.published, d.title, d.url, cat))
    acts = content.sentences.get(("kantei", "actions", "title"), [])
    day = end - timedelta(days=30)
    while day <= end:  # two 総理の一日 items per weekday, as on the real feed (~11 days per 25 items)
        for k in (rng.sample(range(len(acts)), 2) if day.weekday() < 5 and len(acts) >= 2 else []):
            n = content.official("jp_cabinet", day)
            link = f"{BASE}/jp/{n}/actions/{day:%Y%m}/{day:%d}{_ACTION_SLUGS[k % len(_ACTION_SLUGS)]}.html"
            entries.append((datetime.combine(day, time(rng.randint(12, 23), rng.choice((0, 20, 40))), JST),
                            content.fill(acts[k]["text"], day), link, "首相官邸 総理の一日"))
        day += timedelta(days=1)
    entries.append((datetime.combine(end - timedelta(days=3), time(9, 0), JST), "新着情報を更新しました", "", "新着情報"))
    entries = sorted(entries, reverse=True)[:25]
    items = "".join(
        f"<item><title>{h(t)}</title>" + (f"<link>{h(u)}</link>" if u else "<link/>")
        + f"<description/><pubDate>{rfc822(p, weekday=False)}</pubDate><guid isPermaLink=\"false\">item_{i}</guid>"
        f"<category>{h(c)}</category></item>" for i, (p, t, u, c) in enumerate(entries, 1))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><!-- ' + DEMO_NOTE + ' --><rss version="2.0" '
           'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>新着情報 -首相官邸ホームページ-</title>'
           '<description>首相官邸ホームページ 新着情報</description><link>https://www.kantei.go.jp/</link>'
           '<atom:link href="https://www.kantei.go.jp/index-jnews.rdf" rel="self" type="application/rss+xml"/>'
           f"<lastBuildDate>{rfc822(entries[0][0], weekday=False)}</lastBuildDate>{items}</channel></rss>")
    return Page(f"{HOST}/index-jnews.rdf", xml.encode("utf-8"), f"{BASE}/index-jnews.rdf", SRC, "feed", [], "ja")


def pages(ds: list[Doc], content: Content) -> list[Page]:
    """Every kantei page of the archive."""
    out = [detail(d) for d in ds]
    by_cab: dict[str, list[Doc]] = defaultdict(list)
    for d in ds:
        by_cab[d.extra["cabinet"]].append(d)
    cabinets = sorted(by_cab, key=int)
    for n in cabinets:
        cab = sorted(by_cab[n], key=lambda d: (d.event_date, d.url), reverse=True)
        years = sorted({d.event_date.year for d in cab}, reverse=True)
        for y in years:
            out.append(listing(n, y, [d for d in cab if d.event_date.year == y], years, cabinets))
        out.append(listing(n, None, [d for d in cab if d.event_date.year == years[0]], years, cabinets))
    out.append(hub(cabinets, sorted(ds, key=lambda d: d.published, reverse=True)[:5]))
    out.append(feed(ds, content))
    return out
