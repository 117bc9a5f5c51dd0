"""``StatementSpider``: the shared behaviour every publisher spider inherits.

A concrete spider declares its ``name`` (== source id in ``sources.toml``), its ``routes``
(URL regex → callback name, used for discovery URLs and by ``rdi parse``) and small
``parse_*`` callbacks that select fields. Everything else lives here or in the helper modules:
feeds/sitemaps/JSON (:mod:`crawlers.discovery`), dates (:mod:`crawlers.dates`), encodings
(:mod:`crawlers.encoding`), turns (:mod:`crawlers.turns`), block text (:mod:`crawlers.html`).
"""

from __future__ import annotations

import io
import re
import weakref
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Request, Response

from crawlers import discovery
from crawlers.dates import JST, iso, parse_date, utcnow_iso
from crawlers.encoding import decode_body, strip_declaration
from crawlers.html import tidy
from crawlers.items import (
    TEXT_FULL,
    TEXT_PARTIAL,
    TEXT_PENDING,
    VIA_DIRECT,
    VIA_WAYBACK,
    Statement,
    Turn,
    normalise_text,
)
from crawlers.sources import Source, get_source
from crawlers.state import state_for
from crawlers.turns import TurnRule, split_turns

_DECODED: weakref.WeakKeyDictionary[Response, tuple[str, Selector]] = weakref.WeakKeyDictionary()
#: "Page not found" pages served with HTTP 200 (kantei EN to bare user agents, moved items).
SOFT_404 = re.compile(
    r"\b(?:page not found|404 not found|the page you (?:are|were) looking for)\b"
    r"|お探しのページ(?:は|が)?見つかりません|ページが見つかりません|페이지를 찾을 수 없습니다|요청하신 페이지를 찾을 수",
    re.I,
)


class NotAStatementPage(ValueError):
    """The page at a statement URL is not a statement (a "page not found" answered with 200)."""
DEFAULT_LOOKBACK_DAYS = 30


class StatementSpider(scrapy.Spider):
    """Base spider: discovery helpers, statement building, dates, encodings, turns, state."""

    #: (regex on the real URL, callback method name); first match wins.
    routes: tuple[tuple[str, str], ...] = ()
    doc_type: str = "statement"
    tz: timezone = JST
    turn_rules: tuple[TurnRule, ...] = ()
    #: Phrases meaning "the text is not there yet" (→ text_status pending, revisited later).
    pending_markers: tuple[str, ...] = ()
    #: Minimal characters of text for a statement to count as full.
    min_text_chars: int = 20
    #: Regexes of the detail pages the spider reads; empty: any page of its sites.
    detail_patterns: tuple[str, ...] = ()
    #: Sites beyond those of the discovery URLs whose pages it reads (archive hosts, renamed sites).
    extra_sites: tuple[str, ...] = ()

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._since_arg = since
        self._compiled = [(re.compile(rx), cb) for rx, cb in self.routes]
        self._built_urls: set[str] = set()  # URLs of statements built in this run (feed items included)
        self._leads_pending = 0  # feeds not yet read or failed (set by ``start``)
        self._held_discovery: list[Request] = []  # discovery requests waiting for them

    # --- registry, state, window ---------------------------------------------------------
    @property
    def source(self) -> Source:
        """This spider's entry in ``sources.toml``."""
        return get_source(self.name)

    @property
    def state(self):  # noqa: ANN201 - StateStore
        """The per-source state store (in memory when no ``RDI_STATE_DIR``).

        Scrapy's own ``SpiderState`` extension (which would assign ``spider.state``) is
        disabled in ``crawlers.settings``: the sqlite store is the persistent state.
        """
        return state_for(self.crawler, self.name, self.source.revisit_seconds)

    crawl_state = state

    @property
    def since(self) -> date | None:
        """Lower bound of the crawl window (``--since``; else last success − 7 days; else 30 days).

        ``RDI_NO_WINDOW`` (``rdi parse``) disables the window.
        """
        if hasattr(self, "_since"):
            return self._since
        settings = self.crawler.settings if hasattr(self, "crawler") else None
        arg = self._since_arg or (settings.get("RDI_SINCE") if settings else None)
        if arg:
            self._since = date.fromisoformat(str(arg))
        elif settings is not None and settings.getbool("RDI_NO_WINDOW"):
            self._since = None
        else:
            last = self.state.last_success()
            anchor = (last.date() - timedelta(days=7)) if last else (self.today() - timedelta(days=DEFAULT_LOOKBACK_DAYS))
            self._since = anchor
        return self._since

    def today(self) -> date:
        """Today in the publisher's time zone."""
        return datetime.now(self.tz).date()

    def in_window(self, d: date | None) -> bool:
        """True when ``d`` is unknown or not before ``since``."""
        return d is None or self.since is None or d >= self.since

    def months(self, until: date | None = None) -> list[tuple[int, int]]:
        """(year, month) pairs from the window start to ``until`` (today), newest first."""
        end = until or self.today()
        start = self.since or end.replace(day=1)
        out = []
        y, m = end.year, end.month
        while (y, m) >= (start.year, start.month):
            out.append((y, m))
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        return out

    # --- routing -------------------------------------------------------------------------
    #: Route callbacks of discovery URLs read before the others. Their items carry what list
    #: pages lack (a feed item's time of day), so a statement reachable both ways is always
    #: reached through them; without the wait, which came first was a race.
    lead_callbacks: tuple[str, ...] = ("parse_feed",)

    async def start(self) -> AsyncIterator[Request]:
        """Requests for the source's discovery URLs (routed by :attr:`routes`).

        Feeds (:attr:`lead_callbacks`) go first; the other discovery URLs (list back-fill) are
        held until every feed was read or failed.
        """
        urls = list(self.start_urls or self.source.discovery)
        self.crawler.stats.set_value("rdi/discovery_urls", len(urls))
        leads = [u for u in urls if self._is_lead(u)]
        if not leads:
            for url in urls:
                yield self._discovery_request(url)
            return
        self._leads_pending = len(leads)
        self._held_discovery = [self._discovery_request(u) for u in urls if u not in leads]
        for url in leads:
            yield self._discovery_request(url, lead=True)

    def _is_lead(self, url: str) -> bool:
        return getattr(self.callback_for(url), "__name__", "") in self.lead_callbacks

    def _discovery_request(self, url: str, lead: bool = False) -> Request:
        meta = {"rdi_discovery": True, "rdi_lead": lead}
        return Request(url, callback=self.parse, errback=self._discovery_failed, meta=meta, dont_filter=True)

    def _lead_done(self) -> Iterator[Request]:
        """One feed read (or failed); the held discovery requests once the last one is."""
        self._leads_pending -= 1
        if self._leads_pending <= 0:
            held, self._held_discovery = self._held_discovery, []
            yield from held

    def _then_release(self, out: Any) -> Iterator[Any]:
        """A feed callback's output, then the held discovery requests, even when it raised."""
        error: Exception | None = None
        try:
            yield from out or ()
        except Exception as exc:  # noqa: BLE001 - re-raised below, after the release
            error = exc
        yield from self._lead_done()
        if error is not None:
            raise error

    def _discovery_failed(self, failure: Any) -> list[Request]:
        """A discovery URL could not be fetched: counted, the run's health fails.

        A failed feed still releases the held list back-fill.
        """
        from crawlers.hostmap_download import UnmappedHost

        if failure.check(UnmappedHost):  # mirror-only run: hosts outside the mirror are skipped
            self.logger.info("discovery URL skipped (not mirrored): %s", failure.request.url)
        else:
            self.crawler.stats.inc_value("rdi/discovery_failed")
            self.logger.error("discovery URL failed: %s (%s)", failure.request.url, failure.value)
        return list(self._lead_done()) if failure.request.meta.get("rdi_lead") else []

    @classmethod
    def sites(cls) -> set[str]:
        """Registrable sites (``kantei.go.jp``, ``state.gov``) of the discovery URLs and :attr:`extra_sites`."""
        return {site_of(urlsplit(u).hostname or "") for u in get_source(cls.name).discovery} | set(cls.extra_sites)

    @classmethod
    def handles_url(cls, url: str) -> bool:
        """True when a crawl of this source could request ``url`` and a callback reads it.

        A route (feed, list, JSON endpoint, detail) matches, or the URL is on one of the
        source's sites and matches :attr:`detail_patterns` (when the spider declares them).
        """
        detail = [re.compile(p) for p in cls.detail_patterns]
        for rx, cb in cls.routes:
            if re.search(rx, url):
                return cb != "parse_statement" or not detail or any(d.search(url) for d in detail)
        if site_of(urlsplit(url).hostname or "") not in cls.sites():
            return False
        return not detail or any(d.search(url) for d in detail)

    def callback_for(self, url: str) -> Any:
        """The callback a URL routes to (``parse_statement`` when no route matches)."""
        for rx, cb in self._compiled:
            if rx.search(url):
                return getattr(self, cb)
        return self.parse_statement

    def parse(self, response: Response, **kwargs: Any) -> Any:
        """Dispatch a response to its route's callback (a feed's then releases held discovery)."""
        out = self.callback_for(response.url)(response, **kwargs)
        return self._then_release(out) if response.meta.get("rdi_lead") else out

    def parse_statement(self, response: Response, **kwargs: Any) -> Any:  # pragma: no cover
        """Extract a statement from a detail page (each spider implements it)."""
        raise NotImplementedError

    # --- decoded access ------------------------------------------------------------------
    def decoded(self, response: Response) -> tuple[str, Selector]:
        """Text and selector decoded from the raw bytes (BOM, header, declaration, detection)."""
        hit = _DECODED.get(response)
        if hit is None:
            ctype = response.headers.get(b"Content-Type")
            text = decode_body(response.body, ctype).text
            xmlish = text.lstrip()[:200].lower().startswith(("<?xml", "<rss", "<feed", "<rdf", "<urlset", "<sitemapindex"))
            if xmlish:
                sel = Selector(text=strip_declaration(text), type="xml")
            else:
                sel = Selector(text=text, type="html", base_url=response.url)
            hit = (text, sel)
            _DECODED[response] = hit
        return hit

    def sel(self, response: Response) -> Selector:
        """Selector over the correctly decoded page."""
        return self.decoded(response)[1]

    def feed_entries(self, response: Response) -> list[discovery.FeedEntry]:
        """Entries of an RSS 2.0 / RSS 1.0 (RDF) / Atom feed, links made absolute."""
        return discovery.feed_entries(self.decoded(response)[0], response.url, self.tz)

    def sitemap_entries(self, response: Response) -> list[discovery.SitemapEntry]:
        """``<loc>``/``<lastmod>`` of a sitemap or sitemap index (gzip accepted)."""
        return discovery.sitemap_entries(response.body, response.url)

    def json_of(self, response: Response) -> Any:
        """Parsed JSON body (raises ``ValueError`` with the URL when it is not JSON)."""
        return discovery.json_body(self.decoded(response)[0], response.url)

    # --- following -----------------------------------------------------------------------
    def feed_entry_in_window(self, d: date | None) -> bool:
        """Count a feed item that carries its whole text as discovered, as :meth:`follow_statement`
        counts a linked one, and say whether it lies in the window. A feed whose items are all older
        than the window answered: the run is quiet, not the silent 0 of a broken source."""
        self.crawler.stats.inc_value("rdi/statements_discovered")
        if self.in_window(d):
            return True
        self.crawler.stats.inc_value("rdi/detail_outside_window")
        return False

    def follow_statement(
        self,
        response: Response,
        url: str | None,
        *,
        callback: Any = None,
        list_date: date | None = None,
        hints: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Request | None:
        """Request a detail page unless outside the window or known and not due for a revisit."""
        if not url:
            return None
        url = urldefrag(response.urljoin(url))[0]
        self.crawler.stats.inc_value("rdi/statements_discovered")
        if not self.in_window(list_date):
            self.crawler.stats.inc_value("rdi/detail_outside_window")
            return None
        if url in self._built_urls or not self.state.due(url):
            self.crawler.stats.inc_value("rdi/detail_skipped_known")
            return None
        meta = {"rdi_detail": True, "rdi_hints": dict(hints or {}), **kwargs.pop("meta", {})}
        if list_date:
            meta["rdi_hints"].setdefault("list_date", list_date.isoformat())
        return Request(url, callback=callback or self.callback_for(url), meta=meta, **kwargs)

    def follow_list(self, response: Response, url: str | None, dates_on_page: Iterable[date | None] = (), **kwargs: Any) -> Request | None:
        """Next list/archive page, unless this page already reached back past ``since``."""
        if not url:
            return None
        known = [d for d in dates_on_page if d]
        if known and self.since and min(known) < self.since:
            return None
        return response.follow(url, callback=kwargs.pop("callback", None) or self.callback_for(response.urljoin(url)), **kwargs)

    def hints(self, response: Response) -> dict[str, Any]:
        """Fields a list/feed page passed along (title, dates, categories)."""
        return dict(response.meta.get("rdi_hints") or {})

    # --- building statements -------------------------------------------------------------
    def site_id(self, url: str) -> str:
        """Stable site id from a URL path (host and extension dropped)."""
        path = urlsplit(url).path.strip("/")
        return re.sub(r"(/index)?\.(s?html?|php|do|aspx?|pdf)$", "", path) or urlsplit(url).netloc

    def text_status_for(self, text: str, *, video: bool = False) -> str:
        """full, pending (placeholder or empty) or video_only."""
        body = normalise_text(text)
        if any(m.lower() in body.lower() for m in self.pending_markers):
            return TEXT_PENDING
        if len(body) < self.min_text_chars:
            return "video_only" if video else TEXT_PENDING
        return TEXT_FULL

    def split(self, text: str, **kwargs: Any) -> list[Turn]:
        """Turns of a transcript by this spider's :attr:`turn_rules`."""
        return split_turns(text, self.turn_rules, **kwargs) if self.turn_rules else []

    def make_statement(
        self,
        response: Response,
        *,
        title: str,
        text: str,
        site_id: str | None = None,
        url: str | None = None,
        speaker: str | None = None,
        event_date: date | str | None = None,
        published_at: datetime | str | None = None,
        text_status: str | None = None,
        turns: list[Turn] | None = None,
        doc_type: str | None = None,
        is_translation: bool = False,
        alt_urls: Iterable[str] = (),
        canonical_url: str | None = None,
        via: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Statement:
        """Build the :class:`Statement` for a page (ids, registry fields, dates, route)."""
        src = self.source
        url = url or response.url
        if SOFT_404.search(title or "") or (len(normalise_text(text)) < 400 and SOFT_404.search(text or "")):
            if hasattr(self, "crawler"):
                self.crawler.stats.inc_value("rdi/soft_404")
            raise NotAStatementPage(f"{url}: the site answered a 'page not found' page, not a statement")
        hints = self.hints(response)
        if published_at is None and hints.get("published_at"):
            published_at = hints["published_at"]
        if isinstance(event_date, str):
            event_date = parse_date(event_date)
        text = normalise_text(text)
        status = text_status or self.text_status_for(text)
        if status not in (TEXT_FULL, "partial"):
            text = text if status == TEXT_FULL else ""
            turns = [] if status != TEXT_FULL else turns
        now = utcnow_iso()
        extra = dict(extra or {})
        req_url = response.meta.get("rdi_request_url") or (response.request.url if response.request else None)
        if req_url and req_url != url:
            extra.setdefault("request_urls", [req_url])
        for key in ("list_title", "categories", "list_date"):
            if hints.get(key) and key not in extra:
                extra[key] = hints[key]
        canonical_url = canonical_url or self.canonical(response) or url
        self._built_urls.update((url, canonical_url))
        return Statement(
            statement_id=f"{src.id}:{site_id or self.site_id(url)}",
            source=src.id,
            channel=src.channel,
            country=src.country,
            office=src.actor,
            tier=src.tier,
            lang=src.lang,
            title=tidy(title or ""),
            url=url,
            text=text,
            text_status=status,
            speaker=speaker,
            event_date=iso(event_date) if isinstance(event_date, date) else event_date,
            published_at=_iso_dt(published_at, self.tz),
            first_seen_at=now,
            fetched_at=now,
            canonical_url=canonical_url,
            via=via or (VIA_WAYBACK if response.meta.get("rdi_wayback_of") else response.meta.get("rdi_via")) or VIA_DIRECT,
            doc_type=doc_type or self.doc_type,
            is_translation=is_translation,
            alt_urls=sorted(set(alt_urls)),
            turns=list(turns or []),
            extra=extra,
        )

    def canonical(self, response: Response) -> str | None:
        """``<link rel=canonical>`` or ``og:url`` of an HTML page, absolute."""
        if not hasattr(response, "text") or not response.body[:1]:
            return None
        sel = self.sel(response)
        if sel.type != "html":
            return None
        href = sel.css('link[rel="canonical"]::attr(href)').get() or sel.css('meta[property="og:url"]::attr(content)').get()
        return response.urljoin(href.strip()) if href and href.strip() else None

    @staticmethod
    def is_pdf(response: Response) -> bool:
        """True for a PDF answer (by URL or by the ``%PDF-`` signature)."""
        return response.url.lower().split("?", 1)[0].endswith(".pdf") or response.body[:5] == b"%PDF-"

    def pdf_statement(self, response: Response, *, site_id: str | None = None, doc_type: str = "release",
                      extra: dict[str, Any] | None = None, **kwargs: Any) -> Statement:
        """A statement published as a PDF (joint statements, MOD releases): its text, else ``partial``.

        The title and date come from the list or feed that linked it; a PDF without extractable
        text (a scan) keeps the title as text with ``extra["text_missing"]``, so it is never
        read as silence.
        """
        hints = self.hints(response)
        text = self.pdf_text(response) or ""
        first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
        title = hints.get("list_title") or self.pdf_title(response) or first_line[:200] or site_id or self.site_id(response.url)
        extra = {**(extra or {}), "format": "pdf"}
        status = TEXT_FULL
        if len(text) < self.min_text_chars:
            status, text, extra["text_missing"] = TEXT_PARTIAL, title, "pdf_without_text"
        kwargs.setdefault("event_date", parse_date(hints.get("event_date")) if hints.get("event_date") else None)
        return self.make_statement(response, title=title, text=text, site_id=site_id, text_status=status,
                                   doc_type=doc_type, extra=extra, **kwargs)

    @staticmethod
    def pdf_title(response: Response) -> str | None:
        """The PDF's own ``/Title`` metadata, when it has a meaningful one."""
        try:
            from pypdf import PdfReader

            title = (PdfReader(io.BytesIO(response.body)).metadata or {}).get("/Title")
        except Exception:  # noqa: BLE001 - damaged PDFs have no title
            return None
        title = tidy(str(title or ""))
        return title if title and not re.fullmatch(r"(?i)(untitled|microsoft word - .*|\S+\.(?:docx?|pdf))", title) else None

    def pdf_text(self, response: Response) -> str | None:
        """Text of a PDF body via pypdf; None when it has no extractable text."""
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(response.body))
            text = "\n".join((p.extract_text() or "") for p in reader.pages)
        except Exception as exc:  # noqa: BLE001 - any PDF damage means "no text"
            self.logger.warning("unreadable PDF %s: %s", response.url, exc)
            self.crawler.stats.inc_value("rdi/pdf_unreadable")
            return None
        text = tidy(text)
        return text or None


#: Second-level labels under which sites register a third label (``mofa.go.kr``, ``mod.go.jp``).
_SLD = frozenset({"go", "or", "co", "ac", "ne", "gov", "mil", "re", "pe"})


def site_of(host: str) -> str:
    """Registrable site of a host: ``www.kantei.go.jp`` → ``kantei.go.jp``, ``2021-2025.state.gov`` → ``state.gov``."""
    labels = (host or "").lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SLD:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _iso_dt(value: datetime | date | str | None, tz: timezone) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)).isoformat()
    return datetime(value.year, value.month, value.day, tzinfo=tz).isoformat()


__all__ = ["StatementSpider", "TurnRule", "UTC"]
