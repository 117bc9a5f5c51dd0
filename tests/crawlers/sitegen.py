"""Generate a synthetic kantei-style mirror of N statements (for the resume test and bench/crawl.py).

Same URL layout and markup as the real site (hub → ``/jp/105/statement/index.html`` → year
archives → ``/jp/105/statement/YYYY/MMDD{slug}.html``; 新着 feed), with authored filler text.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

HOST = "www.kantei.go.jp"
_PARA = "本日は、経済安全保障と地域の平和と安定について申し上げます。（ベンチマーク用に生成した文章です。）"


def _reiwa(d: date) -> str:
    return f"令和{d.year - 2018}年{d.month}月{d.day}日"


def statement_days(n: int, end: date = date(2026, 11, 1)) -> list[tuple[date, str]]:
    """(event date, slug) of n statements, newest first, one or two per day."""
    out = []
    d, k = end, 0
    while len(out) < n:
        out.append((d, f"kaiken{k % 2 or ''}"))
        k += 1
        if k % 2 == 0:
            d -= timedelta(days=1)
    return out


def build(root: Path, n: int) -> list[str]:
    """Write the mirror under ``root``; return the statement URLs."""
    site = root / HOST
    items = statement_days(n)
    urls = []
    by_year: dict[int, list[tuple[date, str, str]]] = {}
    for d, slug in items:
        path = f"/jp/105/statement/{d.year}/{d:%m%d}{slug}.html"
        urls.append(f"https://{HOST}{path}")
        by_year.setdefault(d.year, []).append((d, slug, path))
        f = site / path.lstrip("/")
        f.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"<p>{_PARA}（{i + 1}）</p>" for i in range(8))
        f.write_text(
            f'<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>会見 {d} | 首相官邸</title></head><body>'
            f'<main id="main-container"><article class="article"><div class="article__header">'
            f'<h1 class="article__title">{_reiwa(d)}の会見（{slug}）</h1><span class="date">更新日：{_reiwa(d)}</span></div>'
            f'<div class="article__body"><p>【高市総理冒頭発言】</p>{body}</div></article></main></body></html>', "utf-8")
    years = sorted(by_year, reverse=True)
    arch = "".join(f'<li><a href="/jp/105/statement/{y}/index.html">{y}年</a></li>' for y in years)

    def listing(rows: list[tuple[date, str, str]]) -> str:
        lis = "".join(
            f'<li class="list-photo__item"><a class="list-photo__link" href="{p}"><div class="list-photo__heading">'
            f'<p class="list-photo__title">{_reiwa(d)}の会見</p><p class="list-photo__date">{_reiwa(d)}</p></div></a></li>'
            for d, _, p in rows)
        return (f'<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>総理の演説・記者会見など</title></head>'
                f'<body><main><div class="list-photo"><ul class="list-photo__list">{lis}</ul></div>'
                f'<ul class="archive">{arch}</ul></main></body></html>')

    (site / "jp/105/statement/index.html").write_text(listing([r for y in years for r in by_year[y]][:20]), "utf-8")
    for y in years:
        (site / f"jp/105/statement/{y}/index.html").write_text(listing(by_year[y]), "utf-8")
    (site / "jp/105/discourse").mkdir(parents=True, exist_ok=True)
    (site / "jp/105/discourse/index.html").write_text(listing([]), "utf-8")
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>首相官邸</title></head><body>'
        '<a href="/jp/105/statement/index.html">総理の演説・記者会見など</a>'
        '<a href="/jp/105/discourse/index.html">総理の指示・談話など</a></body></html>', "utf-8")
    feed_items = "".join(
        f"<item><title>会見</title><link>https://{HOST}{p}</link><pubDate>{d:%d %b %Y} 20:00:00 +0900</pubDate></item>"
        for d, _, p in [r for y in years for r in by_year[y]][:25])
    (site / "index-jnews.rdf").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>新着情報</title>{feed_items}</channel></rss>', "utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /jp/kensaku/\n", "utf-8")
    return urls
