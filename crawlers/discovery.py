"""Discovery documents: RSS 2.0, RSS 1.0 (RDF) and Atom feeds, sitemaps, JSON endpoints.

Parsing is namespace-agnostic (kantei's ``.rdf`` is RSS 2.0, ministry feeds are RDF,
``content:encoded``/``dc:date`` are read by local name). Links are made absolute against the
feed URL (MOD's feed has relative links); an empty ``<link/>`` falls back to a permalink
``<guid>``, else the entry keeps ``url=None`` so the spider can count and skip it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from parsel import Selector

from crawlers.dates import parse_feed_datetime
from crawlers.encoding import clean_text, decode_body, strip_declaration


@dataclass
class FeedEntry:
    """One feed item."""

    url: str | None
    title: str
    published_at: datetime | None
    guid: str | None = None
    categories: list[str] = field(default_factory=list)
    summary: str = ""
    content: str = ""  # full HTML when the feed carries it (content:encoded, atom:content)
    creator: str | None = None


@dataclass
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>`` of a sitemap document."""

    loc: str
    lastmod: datetime | None
    is_index: bool


def _first(node: Selector, *paths: str) -> str:
    for p in paths:
        v = node.xpath(p).get()
        if v and v.strip():
            return v.strip()
    return ""


def _head(text: str, n: int = 40) -> str:
    """The first characters of a document, whitespace collapsed (for error messages)."""
    return " ".join(text.lstrip("\ufeff").split())[:n]


def _xml(text: str) -> Selector:
    sel = Selector(text=strip_declaration(text.lstrip("\ufeff")), type="xml")
    sel.remove_namespaces()
    return sel


def feed_entries(text: str, base_url: str, default_tz: timezone) -> list[FeedEntry]:
    """Entries of a feed document (RSS 2.0, RSS 1.0/RDF or Atom); ``ValueError`` for anything else."""
    sel = _xml(text)
    if not sel.xpath("/rss | /RDF | /feed | /channel"):
        raise ValueError(f"{base_url}: not an RSS/RDF/Atom feed (it starts {_head(text)!r})")
    out: list[FeedEntry] = []
    for node in sel.xpath("//item | //entry"):
        link = _first(node, "link[not(@rel) or @rel='alternate']/@href", "link/text()")
        guid = _first(node, "guid/text()", "id/text()") or None
        permalink = node.xpath("guid/@isPermaLink").get()
        if not link and guid and permalink != "false" and (guid.startswith(("http", "/"))):
            link = guid
        if not link:
            link = _first(node, "@about")  # RDF rdf:about
        url = urljoin(base_url, link) if link else None
        date_text = _first(node, "pubDate/text()", "date/text()", "published/text()", "updated/text()", "issued/text()")
        out.append(
            FeedEntry(
                url=url,
                title=clean_text(" ".join(_first(node, "title/text()", "title//text()").split())),
                published_at=parse_feed_datetime(date_text, default_tz) if date_text else None,
                guid=guid,
                categories=[clean_text(c.strip()) for c in node.xpath("category/text() | category/@term | subject/text()").getall() if c.strip()],
                summary=_first(node, "description/text()", "summary/text()"),
                content=_first(node, "encoded/text()", "content/text()"),
                creator=_first(node, "creator/text()", "author/name/text()") or None,
            )
        )
    return out


def sitemap_entries(body: bytes, base_url: str) -> list[SitemapEntry]:
    """``<loc>``/``<lastmod>`` pairs of a sitemap (``<urlset>``) or sitemap index."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    sel = _xml(decode_body(body).text)
    if not sel.xpath("/sitemapindex | /urlset"):
        raise ValueError(f"{base_url}: not a sitemap (it starts {_head(decode_body(body).text)!r})")
    is_index = bool(sel.xpath("/sitemapindex"))
    out = []
    for node in sel.xpath("//sitemap | //url"):
        loc = _first(node, "loc/text()")
        if not loc:
            continue
        lm = _first(node, "lastmod/text()")
        out.append(SitemapEntry(urljoin(base_url, loc), parse_feed_datetime(lm) if lm else None, is_index))
    return out


def json_body(text: str, url: str) -> object:
    """Parse a JSON endpoint's body; a clear one-line error when it is not JSON."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{url}: not JSON ({exc.msg} at char {exc.pos})") from None
