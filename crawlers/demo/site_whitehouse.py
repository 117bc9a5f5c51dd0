"""www.whitehouse.gov: Yoast sitemap index → post sitemaps (lastmod) → statements and remarks pages."""

from __future__ import annotations

import random
import re
from datetime import datetime, time, timedelta

from crawlers.demo.compose import compose_statement
from crawlers.demo.content import Content
from crawlers.demo.pages import DEMO_NOTE, Doc, Page, en_date, h, ha, us_tz
from crawlers.demo.plan import SEED, Item

HOST = "www.whitehouse.gov"
BASE = f"https://{HOST}"
SRC = "us_whitehouse_statements"
_SECTIONS = {"briefings-statements": "Briefings &amp; Statements", "remarks": "Remarks"}


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("\u2019", "").replace("'", "")).strip("-")[:90].rstrip("-")


def docs(items: list[Item], content: Content) -> list[Doc]:
    """Compose statements/readouts (``/briefings-statements/``) and remarks (``/remarks/``)."""
    out: list[Doc] = []
    seen: set[str] = set()
    for it in items:
        rng = random.Random(f"{SEED}:{it.source}:{it.day}")
        topic = it.topics[0]
        section = "remarks" if topic.startswith("remarks") else "briefings-statements"
        c = compose_statement(content, "wh", topic, it.day, rng, body=(2, 5))
        slug = _slug(c.title)
        path = f"/{section}/{it.day:%Y/%m}/{slug}/"
        while path in seen:
            slug += "-2"
            path = f"/{section}/{it.day:%Y/%m}/{slug}/"
        seen.add(path)
        pub = datetime.combine(it.day, time(rng.randint(9, 21), rng.randint(0, 59), rng.randint(0, 59)),
                               us_tz(it.day))
        modified = pub + timedelta(hours=rng.choice((0, 0, 0, 2, 30)))
        paras = list(c.sentences)
        if section == "remarks":
            paras[0] = f"THE PRESIDENT:  {paras[0]}"
        out.append(Doc(SRC, path.strip("/"), BASE + path, "en", it.day, pub, c.title,
                       "speech" if section == "remarks" else "statement",
                       "The President" if section == "remarks" else "The White House", paragraphs=paras,
                       topics=c.topics, provenance=sorted(c.provenance),
                       extra={"section": section, "modified": modified, "event": it.event}))
    return out


def detail(d: Doc) -> Page:
    """Post page: ``og:title``, ``h1``, ``<time datetime>``, body paragraphs inside ``main``."""
    sec = d.extra["section"]
    body = "\n".join(f"<p>{h(p)}</p>" for p in d.paragraphs)
    if sec == "remarks":
        zone = "EDT" if d.published.utcoffset().total_seconds() == -14400 else "EST"
        ampm = "P.M." if d.published.hour >= 12 else "A.M."
        body = f"<p>{d.published:%-I:%M} {ampm} {zone}</p>\n{body}\n<p>END</p>"
    html = f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{h(d.title)} &#8211; The White House</title>
<link rel="canonical" href="{ha(d.url)}" />
<meta property="og:locale" content="en_US" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{ha(d.title)}" />
<meta property="og:url" content="{ha(d.url)}" />
<meta property="og:site_name" content="The White House" />
<meta property="article:published_time" content="{d.published.isoformat()}" />
<meta property="article:modified_time" content="{d.extra['modified'].isoformat()}" />
</head>
<body class="wp-singular post-template-default single single-post">
<!-- {DEMO_NOTE} -->
<div class="wp-site-blocks">
<header class="wp-block-template-part"><a href="https://www.whitehouse.gov/">The White House</a></header>
<main id="wp--skip-link--target" class="wp-block-group is-layout-flow">
<div class="wp-block-whitehouse-topper">
<div class="wp-block-whitehouse-topper__meta"><a class="wp-block-whitehouse-topper__category" href="https://www.whitehouse.gov/{sec}/">{_SECTIONS[sec]}</a></div>
<h1 class="wp-block-whitehouse-topper__title">{h(d.title)}</h1>
<div class="wp-block-whitehouse-topper__meta--byline"><div class="wp-block-post-date"><time datetime="{d.published.isoformat()}">{en_date(d.event_date)}</time></div></div>
</div>
<div class="entry-content wp-block-post-content is-layout-constrained">
{body}
</div>
<div class="wp-block-whitehouse-share"><p>Share this page</p></div>
</main>
<footer class="wp-block-template-part"><p>The White House<br>1600 Pennsylvania Ave NW<br>Washington, DC 20500</p></footer>
</div>
</body>
</html>
"""
    return Page(f"{HOST}/{d.site_id}/index.html", html.encode("utf-8"), d.url, SRC, "detail", [d], "en")


_XSL = '<?xml-stylesheet type="text/xsl" href="//www.whitehouse.gov/main-sitemap.xsl"?>'


def sitemaps(ds: list[Doc]) -> list[Page]:
    """``/sitemap_index.xml`` and ``/post-sitemap.xml``, ``/post-sitemap2.xml`` (oldest first, with lastmod)."""
    rows = sorted(ds, key=lambda d: d.published)
    half = (len(rows) + 1) // 2
    parts = [rows[:half], rows[half:]]
    out: list[Page] = []
    index = []
    for i, part in enumerate(parts, 1):
        name = "post-sitemap.xml" if i == 1 else f"post-sitemap{i}.xml"
        urls = "\n".join(f"\t<url>\n\t\t<loc>{h(d.url)}</loc>\n\t\t<lastmod>{d.extra['modified'].isoformat()}</lastmod>\n\t</url>"
                         for d in part)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>{_XSL}\n<!-- {DEMO_NOTE} -->\n'
               '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
               'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
               f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n')
        out.append(Page(f"{HOST}/{name}", xml.encode("utf-8"), f"{BASE}/{name}", SRC, "sitemap", [], "en"))
        last = max(d.extra["modified"] for d in part)
        index.append(f"\t<sitemap>\n\t\t<loc>{BASE}/{name}</loc>\n\t\t<lastmod>{last.isoformat()}</lastmod>\n\t</sitemap>")
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{_XSL}\n<!-- {DEMO_NOTE} -->\n'
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(index) + "\n</sitemapindex>\n")
    out.append(Page(f"{HOST}/sitemap_index.xml", xml.encode("utf-8"), f"{BASE}/sitemap_index.xml", SRC, "sitemap", [], "en"))
    return out


def pages(ds: list[Doc]) -> list[Page]:
    """Every whitehouse.gov page of the archive."""
    return [detail(d) for d in ds] + sitemaps(ds)
