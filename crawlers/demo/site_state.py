"""www.state.gov: department press briefings (WordPress RSS, WP REST JSON, detail pages)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, time, timedelta

from crawlers.demo.compose import compose_transcript
from crawlers.demo.content import Content
from crawlers.demo.pages import (
    DEMO_NOTE,
    Doc,
    Page,
    Turn,
    en_date,
    h,
    ha,
    headers_page,
    rfc822,
    us_tz,
)
from crawlers.demo.plan import SEED, Item

HOST = "www.state.gov"
BASE = f"https://{HOST}"
SRC = "us_state_briefings"
BRIEFING_TYPE = 393
PER_PAGE = (10, 100)
FEED_PATH = "/rss-feed/department-press-briefings/feed/"
RSS_TYPE = {"headers": {"Content-Type": "application/rss+xml; charset=UTF-8"}}


def docs(items: list[Item], content: Content) -> list[Doc]:
    """Compose briefings: opening by the spokesperson, then ``QUESTION:`` / ``MR PIGOTT:`` turns."""
    cfg = content.sources[SRC]
    out: list[Doc] = []
    used: set[str] = set()
    post_id = 650000
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        c = compose_transcript(content, "state", it.topics, it.opening, it.day, rng, used,
                               cfg["qa_topics"], cfg["open_topics"], n_qa=(2, 4), force_qa=it.options.get("opt_qa", ""))
        post_id += rng.randint(200, 900)
        label = content.official("us_spox_label", it.day)
        tz = us_tz(it.day)
        start = datetime.combine(it.day, time(rng.choice((13, 14, 14, 15)), rng.randint(0, 59)), tz)
        opening = ["Good afternoon, everyone." if rng.random() < 0.5 else "All right. Good afternoon."]
        opening += [" ".join(s) for _, s in c.opening] + ["With that, I'm happy to take your questions."]
        turns = [Turn("official", f"{label}:", opening)]
        for _head, pair in c.qa:
            turns += [Turn("reporter", "QUESTION:", p) if r == "q" else Turn("official", f"{label}:", p)
                      for r, p in pair]
        slug = f"department-press-briefing-{en_date(it.day).lower().replace(',', '').replace(' ', '-')}"
        pub = start.replace(hour=min(start.hour + 3, 23))
        out.append(Doc(SRC, slug, f"{BASE}/briefings/{slug}/", "en", it.day, pub,
                       f"Department Press Briefing \u2013 {en_date(it.day)}", "briefing",
                       content.official("us_spox", it.day), turns=turns, topics=c.topics,
                       provenance=sorted(c.provenance),
                       extra={"post_id": post_id, "start": start, "end_min": rng.randint(25, 55), "event": it.event}))
    return out


def _body(d: Doc) -> str:
    s = d.extra["start"]
    paras = [f"<p>{s:%-I:%M} p.m. {'EDT' if s.utcoffset().total_seconds() == -14400 else 'EST'}</p>"]
    for t in d.turns:
        paras.append(f"<p>{h(t.label)} {h(t.paragraphs[0])}</p>")
        paras += [f"<p>{h(p)}</p>" for p in t.paragraphs[1:]]
    end = s + timedelta(minutes=d.extra["end_min"])
    paras.append(f"<p>(The briefing was concluded at {end:%-I:%M} p.m.)</p>")
    paras.append("<p># # #</p>")
    return "\n".join(paras)


_HEAD = """<!doctype html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - United States Department of State</title>
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="en_US" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{title} - United States Department of State" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="United States Department of State" />
<meta property="article:modified_time" content="{modified}" />
</head>
<body class="wp-singular state_briefing-template-default single single-state_briefing postid-{pid}">
<!-- {note} -->
<div id="page" class="site ">
<header id="masthead" class="site-header nav__main-header" role="application"><a href="https://www.state.gov/">U.S. Department of State</a></header>
<div id="content" class="site-content js-backtotop">
<main>
"""
_FOOT = """</main>
</div>
<footer class="site-footer"><p>United States Department of State</p></footer>
</div>
</body>
</html>
"""


def detail(d: Doc) -> Page:
    """Detail page: ``h1``, ``p.article-meta__author-bureau``, ``p.article-meta__publish-date``, ``div.entry-content``."""
    pid = d.extra["post_id"]
    inner = f"""<article id="post-{pid}" class="post-{pid} state_briefing type-state_briefing status-publish hentry">
<div class="row gutenberg-content">
<section class="featured-content featured-content--article">
<p class="featured-content__kicker">Department Press Briefing</p>
<h1 class="featured-content__headline stars-above">{h(d.title)}</h1>
<div class="article-meta">
<p class="article-meta__author-bureau">{h(d.speaker)}</p>
<p class="article-meta__publish-date">{en_date(d.event_date)}</p>
</div>
</section>
<div class="entry-content">
{_body(d)}
</div><!-- .entry-content -->
<div class="related-tags__pills"><p class="related-tags__label">Tags</p><a href="https://www.state.gov/bureaus-offices/office-of-the-spokesperson/">Office of the Spokesperson</a></div>
</div>
</article>
"""
    html = _HEAD.format(title=ha(d.title), url=ha(d.url), modified=d.published.astimezone(UTC).isoformat(),
                        pid=pid, note=DEMO_NOTE) + inner + _FOOT
    return Page(f"{HOST}/briefings/{d.site_id}/index.html", html.encode("utf-8"), d.url, SRC, "detail", [d], "en")


def feed(ds: list[Doc]) -> list[Page]:
    """WordPress RSS 2.0: the 10 newest briefings, full HTML in ``content:encoded``."""
    newest = sorted(ds, key=lambda d: d.published, reverse=True)[:10]
    items = "".join(f"""	<item>
		<title>{h(d.title)}</title>
		<link>{h(d.url)}</link>
		<dc:creator><![CDATA[Office of the Spokesperson]]></dc:creator>
		<pubDate>{rfc822(d.published.astimezone(UTC))}</pubDate>
		<category><![CDATA[Department Press Briefing]]></category>
		<guid isPermaLink="false">https://www.state.gov/?post_type=state_briefing&#038;p={d.extra['post_id']}</guid>
		<description><![CDATA[{d.turns[0].label} {d.turns[0].paragraphs[0]}&#8230;]]></description>
		<content:encoded><![CDATA[{_body(d)}]]></content:encoded>
	</item>
""" for d in newest)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	>
<!-- {DEMO_NOTE} -->
<channel>
	<title>Department Press Briefings &#8211; United States Department of State</title>
	<atom:link href="https://www.state.gov/rss-feed/department-press-briefings/feed/" rel="self" type="application/rss+xml" />
	<link>https://www.state.gov/rss-feed/department-press-briefings/</link>
	<description></description>
	<lastBuildDate>{rfc822(newest[0].published.astimezone(UTC))}</lastBuildDate>
	<language>en-US</language>
	<generator>https://wordpress.org/?v=6.8.1</generator>
{items}</channel>
</rss>
"""
    p = Page(f"{HOST}{FEED_PATH}index.html", xml.encode("utf-8"), BASE + FEED_PATH, SRC, "feed", [], "en")
    return [p, headers_page(p, RSS_TYPE)]


def _wp_json(obj: object) -> bytes:
    """PHP ``json_encode`` style: ASCII with ``\\uXXXX`` escapes and escaped slashes."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def json_pages(ds: list[Doc]) -> list[Page]:
    """``/wp-json/wp/v2/state_briefing?state_briefing_type=393&per_page=P&page=N`` (+ one 400 past the end)."""
    rows = sorted(ds, key=lambda d: d.published, reverse=True)
    out: list[Page] = []
    for size in PER_PAGE:
        total_pages = -(-len(rows) // size)
        for page in range(1, total_pages + 2):
            q = f"page={page}&per_page={size}&state_briefing_type={BRIEFING_TYPE}"
            url = f"{BASE}/wp-json/wp/v2/state_briefing?state_briefing_type={BRIEFING_TYPE}&per_page={size}&page={page}"
            meta = {"headers": {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": str(len(rows)),
                                "X-WP-TotalPages": str(total_pages)}}
            if page > total_pages:
                body = _wp_json({"code": "rest_post_invalid_page_number",
                                 "message": "The page number requested is larger than the number of pages available.",
                                 "data": {"status": 400}})
                meta["status"] = 400
            else:
                body = _wp_json([_wp_obj(d) for d in rows[(page - 1) * size: page * size]])
            p = Page(f"{HOST}/wp-json/wp/v2/state_briefing@{q}", body, url, SRC, "json", [], "en")
            out += [p, headers_page(p, meta)]
    return out


def _wp_obj(d: Doc) -> dict:
    local = d.published.replace(tzinfo=None).isoformat()
    gmt = d.published.astimezone(UTC).replace(tzinfo=None).isoformat()
    title = d.title.replace("\u2013", "&#8211;")
    return {"id": d.extra["post_id"], "date": local, "date_gmt": gmt,
            "guid": {"rendered": f"https://www.state.gov/?post_type=state_briefing&#038;p={d.extra['post_id']}"},
            "modified": local, "modified_gmt": gmt, "slug": d.site_id, "status": "publish", "type": "state_briefing",
            "link": d.url, "title": {"rendered": title},
            "content": {"rendered": _body(d) + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{h(d.turns[0].paragraphs[0])} [&hellip;]</p>\n", "protected": False},
            "state_briefing_type": [BRIEFING_TYPE]}


def pages(ds: list[Doc]) -> list[Page]:
    """Every state.gov page of the archive."""
    out = [detail(d) for d in ds]
    return out + feed(ds) + json_pages(ds)
