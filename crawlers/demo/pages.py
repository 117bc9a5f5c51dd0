"""Shared pieces for rendering demo pages: the Doc record, output pages, escaping, date formats."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from html import escape
from typing import Any

#: Marker put in every HTML/XML page so nobody mistakes a demo page for an official text.
DEMO_NOTE = "rdi demo archive: authored sample content, not an official text (see crawlers/demo/MANIFEST.tsv)"

KST = timezone(timedelta(hours=9))
JST = KST
EDT = timezone(timedelta(hours=-4))
EST = timezone(timedelta(hours=-5))

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_JA_WEEKDAYS = "月火水木金土日"
_KO_WEEKDAYS = "월화수목금토일"
_EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


@dataclass
class Turn:
    """One speaker turn of a transcript (role official|reporter|moderator)."""

    role: str
    label: str  # the speaker label as printed on the page
    paragraphs: list[str]


@dataclass
class Doc:
    """One demo statement before rendering: what every renderer needs."""

    source: str
    site_id: str
    url: str
    lang: str
    event_date: date
    published: datetime
    title: str
    doc_type: str
    speaker: str
    paragraphs: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    is_translation: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def statement_id(self) -> str:
        """The suggested statement id ``<source>:<site id>``."""
        return f"{self.source}:{self.site_id}"

    def provenance_text(self) -> str:
        """``authored`` or ``authored; quote <url> <date>; ...`` for the manifest."""
        quotes = sorted({p for p in self.provenance if p != "authored"})
        return "; ".join(["authored", *quotes]) if quotes or "authored" in self.provenance else "; ".join(quotes)


@dataclass
class Page:
    """One file of the archive and its manifest row(s)."""

    path: str  # relative to site/
    body: bytes
    url: str
    source: str
    kind: str  # robots|hub|feed|list|json|sitemap|detail|headers
    docs: list[Doc] = field(default_factory=list)  # statements whose full text this file carries
    lang: str = ""


def h(text: str) -> str:
    """HTML-escape text for element content (quotes kept as typed, as CMSs do)."""
    return escape(text, quote=False)


def ha(text: str) -> str:
    """HTML-escape text for an attribute value (quotes too)."""
    return escape(text, quote=True)


def fullwidth(text: str) -> str:
    """ASCII digits → full-width digits (kantei style)."""
    return text.translate(_FULLWIDTH)


def reiwa(d: date, full: bool = False) -> str:
    """``令和7年8月15日`` (optionally with full-width digits)."""
    s = f"令和{d.year - 2018}年{d.month}月{d.day}日"
    return fullwidth(s) if full else s


def ja_weekday(d: date) -> str:
    """``金曜日``."""
    return _JA_WEEKDAYS[d.weekday()] + "曜日"


def ko_weekday(d: date) -> str:
    """``금``."""
    return _KO_WEEKDAYS[d.weekday()]


def en_month(d: date) -> str:
    """``August``."""
    return _EN_MONTHS[d.month - 1]


def en_date(d: date) -> str:
    """``August 15, 2025``."""
    return f"{en_month(d)} {d.day}, {d.year}"


def rfc822(dt: datetime, weekday: bool = True, gmt: bool = False) -> str:
    """RFC-822 date; ``weekday=False`` gives kantei's ``20 Aug 2026 03:13:00 +0900``."""
    if gmt:
        dt = dt.astimezone(UTC)
    s = dt.strftime("%d %b %Y %H:%M:%S ")
    s += "GMT" if gmt else dt.strftime("%z")
    return (dt.strftime("%a, ") + s) if weekday else s


def us_tz(d: date) -> timezone:
    """Washington offset for a date (DST 2nd Sunday of March → 1st Sunday of November)."""
    mar = date(d.year, 3, 8 + (6 - date(d.year, 3, 8).weekday()) % 7)
    nov = date(d.year, 11, 1 + (6 - date(d.year, 11, 1).weekday()) % 7)
    return EDT if mar <= d < nov else EST


def dump_json(obj: Any) -> bytes:
    """Compact UTF-8 JSON the way PHP/Java backends emit it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def headers_page(page: Page, meta: dict[str, Any]) -> Page:
    """The ``<file>.rdi-headers.json`` sidecar of ``page`` for the mirror."""
    body = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    return Page(f"{page.path}.rdi-headers.json", body, page.url, page.source, "headers")


def site_path(url: str) -> str:
    """Mirror path for a GET URL: host/path, ``<dir>/index.html`` for ``/`` endings, ``@query``."""
    from urllib.parse import urlsplit

    from crawlers.mirror import query_key

    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    rel = f"{parts.netloc}{path}"
    if parts.query:
        rel += "@" + query_key(parts.query)
    return rel
