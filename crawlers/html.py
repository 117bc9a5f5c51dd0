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
    root = getattr(node, "root", node)
    if isinstance(root, str):
        return clean_text(root).strip()
    skipped = set()
    for css in skip_css:
        try:
            skipped.update(id(e) for e in root.cssselect(css))
        except Exception:  # noqa: BLE001 - a bad selector skips nothing
            continue
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or id(el) in skipped or not isinstance(el.tag, str):
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
