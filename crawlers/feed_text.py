"""Content-drift check of statements read straight from a feed or API (no detail page).

Some sources take the whole text from the feed item (``content:encoded``) or a REST post and
never fetch the statement's page, so the text-sample check of :mod:`crawlers.health` (which
measures detail pages) never sees them. When such a feed starts carrying only an excerpt, an
empty body or raw HTML, the spider keeps "working" and stores stubs. This check reads, for
every statement built from a non-detail response, three cheap features (length, an excerpt
ending, HTML left in the text) while the crawl runs, and judges them once when it closes:

* **cut**: at least ``bad_share`` of the run's feed statements are shorter than ``min_chars``,
  end like an excerpt (``…``, ``[…]``, ``Read more``, ``Continue reading``, "The post … appeared
  first on …") or still carry HTML tags/entities;
* **shrank**: the median length fell below ``drop`` x the median of the source's own recent
  runs (from the per-source state store), e.g. full texts replaced by long excerpts.

Either is a problem of the run's health (a failed run, so ``rdi status`` and the scheduler's
``run_failed`` alert carry the one-line reason). Runs with fewer than ``min_items`` feed
statements get figures but no verdict. Settings (Scrapy, like ``RDI_TEXT_SAMPLES``):
``RDI_FEED_MIN_ITEMS`` (3), ``RDI_FEED_MIN_CHARS`` (200), ``RDI_FEED_BAD_SHARE`` (0.5),
``RDI_FEED_DROP`` (0.5), ``RDI_FEED_HISTORY`` (runs compared, 10; 0 turns the history off);
``rdi crawl`` and the scheduler pass them from ``rdi.toml``'s ``[crawl]`` table as
``feed_min_items`` … ``feed_history`` (and ``text_samples``), see ``pipeline.crawl.crawl_settings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Any, NamedTuple

#: An excerpt's ending: an ellipsis (bare or bracketed), a "read more" link text, WordPress's footer.
_CUT = re.compile(
    r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.|&hellip;|&#8230;)\s*\]|read\s+more|continue\s+reading|more\s*»|"
    r"\(more\)|\[more\]|appeared first on\b.{0,120}\.?)\W*$",
    re.IGNORECASE | re.DOTALL,
)
#: HTML that a fragment-to-text step should have removed.
_HTML = re.compile(
    r"<\s*/?\s*(?:p|div|br|span|a|strong|em|b|i|li|ul|ol|img|script|style|figure|h[1-6])\b[^>]*>"
    r"|&(?:nbsp|amp|lt|gt|quot|hellip|#\d{2,5}|#x[0-9a-f]{2,4});",
    re.IGNORECASE,
)


class FeedText(NamedTuple):
    """What the check keeps of one statement read from a feed."""

    chars: int
    cut: bool  # ends like an excerpt
    html: bool  # HTML tags or entities left in the text


def feed_text_features(text: str) -> FeedText:
    """Length, excerpt ending and HTML left of one statement's text (cheap: the tail and one scan)."""
    text = (text or "").strip()
    return FeedText(len(text), bool(_CUT.search(text[-200:])), bool(_HTML.search(text)))


@dataclass(frozen=True)
class FeedCheckSettings:
    """Thresholds of :func:`feed_text_check` (Scrapy settings ``RDI_FEED_*``)."""

    min_items: int = 3
    min_chars: int = 200
    bad_share: float = 0.5
    drop: float = 0.5
    history: int = 10

    @classmethod
    def from_settings(cls, settings: Any) -> FeedCheckSettings:
        """Read ``RDI_FEED_MIN_ITEMS`` … ``RDI_FEED_HISTORY`` from Scrapy settings."""
        return cls(
            min_items=settings.getint("RDI_FEED_MIN_ITEMS", cls.min_items),
            min_chars=settings.getint("RDI_FEED_MIN_CHARS", cls.min_chars),
            bad_share=settings.getfloat("RDI_FEED_BAD_SHARE", cls.bad_share),
            drop=settings.getfloat("RDI_FEED_DROP", cls.drop),
            history=settings.getint("RDI_FEED_HISTORY", cls.history),
        )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def feed_text_check(
    items: list[FeedText], usual: list[float] | None = None, settings: FeedCheckSettings | None = None
) -> dict[str, Any]:
    """Judge the statements a run read from feeds (pure function).

    ``usual`` holds the median feed-text lengths of the source's earlier runs (newest first).
    Returns the health record's ``feed_text``: ``items``, ``median_chars``, ``short``, ``empty``,
    ``cut``, ``html``, ``usual_median_chars`` (None with fewer than 3 earlier runs) and
    ``problem`` (a one-line reason, or None).
    """
    s = settings or FeedCheckSettings()
    n = len(items)
    short = sum(1 for i in items if i.chars < s.min_chars)
    empty = sum(1 for i in items if i.chars == 0)
    cut = sum(1 for i in items if i.cut)
    html = sum(1 for i in items if i.html)
    bad = sum(1 for i in items if i.chars < s.min_chars or i.cut or i.html)
    med = median(i.chars for i in items) if items else None
    history = [u for u in (usual or []) if u][: s.history] if s.history > 0 else []
    usual_med = median(history) if len(history) >= 3 else None
    problem = None
    if n >= s.min_items and bad / n >= s.bad_share:
        what = [
            f"{cut} end like an excerpt ('…', '[…]', 'Read more')" if cut else "",
            f"{_plural(empty, 'is', 'are')} empty" if empty else "",
            (f"{short - empty} {'has' if short - empty == 1 else 'have'} under {s.min_chars} characters"
             if short - empty else ""),
            f"{html} still carry HTML" if html else "",
        ]
        problem = (f"feed text looks cut: {bad} of {n} statements read from the feed "
                   f"({', '.join(w for w in what if w)}); does the feed carry excerpts now?")
    elif n >= s.min_items and usual_med and med is not None and med < s.drop * usual_med:
        problem = (f"feed text shrank: median {med:.0f} characters over {n} statements read from the feed, "
                   f"usual {usual_med:.0f} (last {len(history)} runs); does the feed carry excerpts now?")
    return {
        "items": n,
        "median_chars": med,
        "short": short,
        "empty": empty,
        "cut": cut,
        "html": html,
        "usual_median_chars": usual_med,
        "problem": problem,
    }
