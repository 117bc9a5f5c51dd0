"""Normalise a statement's text fields and compute its content hash."""

from __future__ import annotations

from typing import Any

from crawlers.html import tidy
from crawlers.items import TEXT_FULL, TEXT_PARTIAL, TEXT_PENDING, Statement, Turn, content_hash, normalise_text


class NormalisePipeline:
    """NFKC text, tidy title/speaker, renumber turns, fall back to a title from the text, hash."""

    def process_item(self, item: Statement) -> Statement:
        item.text = normalise_text(item.text or "")
        item.title = tidy(item.title or "")
        if not item.title and item.text:
            item.title = item.text.splitlines()[0][:120]
        item.speaker = tidy(item.speaker) if item.speaker else None
        turns: list[Turn] = []
        for t in item.turns or []:
            d: dict[str, Any] = t if isinstance(t, dict) else t.__dict__
            text = normalise_text(d["text"])
            if text:
                turns.append(Turn(idx=len(turns), role=d["role"], speaker=tidy(d["speaker"]) if d.get("speaker") else None, text=text))
        item.turns = turns
        if item.text_status in (TEXT_FULL, TEXT_PARTIAL) and not item.text:
            item.text_status = TEXT_PENDING
        item.alt_urls = sorted(set(item.alt_urls or []))
        item.content_hash = content_hash(item.text, item.turns)
        return item
