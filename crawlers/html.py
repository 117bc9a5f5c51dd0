"""Text out of HTML elements with the line breaks a reader sees (for turn splitting and hashing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crawlers.encoding import clean_text

_BLOCK = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table section article blockquote pre hr "
    "header footer figure figcaption address main aside nav form fieldset".split()
)
_SKIP = frozenset("script style noscript template iframe svg button select option".split())


def element_text(node: Any, skip_css: Iterable[str] = ()) -> str:
    """Text of an lxml element (or parsel Selector): blocks become lines, scripts dropped."""
    if isinstance(node, list):  # a SelectorList: its first element
        if not node:
            return ""
        node = node[0]
    root = getattr(node, "root", node)
    if isinstance(root, str):
        return clean_text(root).strip()
    # Hold the skipped elements themselves: lxml proxies stay identical only while referenced.
    skipped: set[Any] = set()
    for css in skip_css:
        try:
            skipped.update(e for e in root.cssselect(css) if e is not root)
        except Exception:  # noqa: BLE001 - a bad selector skips nothing
            continue
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or el in skipped or not isinstance(el.tag, str):
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    tail = root.tail
    root.tail = None
    try:
        walk(root)
    finally:
        root.tail = tail
    return tidy("".join(parts))


def tidy(text: str) -> str:
    """Clean characters, strip each line, drop empty lines."""
    lines = (" ".join(line.split()) for line in clean_text(text).splitlines())
    return "\n".join(line for line in lines if line)


def first_text(selectors: Any, *queries: str) -> str | None:
    """First non-empty text among CSS (or XPath, starting with ``/``) queries on a selector."""
    for q in queries:
        found = selectors.xpath(q) if q.startswith(("/", "(")) else selectors.css(q)
        for el in found:
            t = element_text(el)
            if t:
                return t
    return None


#: Page furniture never part of a statement's text.
FURNITURE = (
    "header", "footer", "nav", "aside", ".breadcrumb", "#breadcrumb", ".header", ".footer",
    ".gnav", ".sns", ".share", ".pagetop", ".page-top", "#header", "#footer", ".skip", ".movie-area",
    ".js-html-parts", ".modal__content", "form", ".rightalign",
)


def main_text(selector: Any, candidates: Iterable[str], min_chars: int = 40, skip_css: Iterable[str] = FURNITURE,
              strict: Iterable[str] = ()) -> str:
    """Text of the first candidate container with at least ``min_chars`` characters.

    A ``strict`` container that exists decides alone, even when empty (an empty article body
    means "no text yet", not "take the header"). Otherwise falls back to the paragraphs of
    ``main``/``article``/``body`` without furniture, so a template change degrades to "more
    text" rather than "no text".
    """
    skip = tuple(skip_css)
    for css in strict:
        nodes = selector.css(css)
        if nodes:
            return "\n".join(t for t in (element_text(n, skip) for n in nodes) if t)
    for css in candidates:
        for node in selector.css(css):
            text = element_text(node, skip)
            if len(text) >= min_chars:
                return text
    for css in ("main", "article", "#main", "#contents", "body"):
        nodes = selector.css(css)
        if nodes:
            paras = [element_text(p, skip) for p in nodes[0].css("p, li, h2, h3, h4")]
            text = "\n".join(p for p in paras if p)
            if len(text) >= min_chars:
                return text
    return ""
