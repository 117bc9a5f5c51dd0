"""Drop statements that would corrupt the warehouse, with the reason in the log and the stats."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from scrapy.exceptions import DropItem

from crawlers.items import COUNTRIES, LANGS, ROLES, TEXT_FULL, TEXT_PARTIAL, TEXT_STATUSES, TIERS, VIAS, Statement


def problems(item: Statement) -> list[str]:
    """Everything wrong with a statement (empty list = valid)."""
    out: list[str] = []
    if not item.statement_id or not item.statement_id.startswith(f"{item.source}:") or item.statement_id.endswith(":"):
        out.append("bad statement_id")
    if not re.match(r"^https?://[^/\s]+", item.url or ""):
        out.append("url is not an absolute http(s) URL")
    if item.country not in COUNTRIES:
        out.append(f"country {item.country!r}")
    if item.tier not in TIERS:
        out.append(f"tier {item.tier!r}")
    if item.lang not in LANGS:
        out.append(f"lang {item.lang!r}")
    if item.text_status not in TEXT_STATUSES:
        out.append(f"text_status {item.text_status!r}")
    if item.via not in VIAS:
        out.append(f"via {item.via!r}")
    if not item.title:
        out.append("no title")
    if item.text_status in (TEXT_FULL, TEXT_PARTIAL) and not item.text:
        out.append("full text_status but no text")
    if item.event_date is not None:
        try:
            d = date.fromisoformat(item.event_date)
            if not 1900 < d.year < 2100:
                out.append(f"event_date {item.event_date} out of range")
        except ValueError:
            out.append(f"event_date {item.event_date!r} is not YYYY-MM-DD")
    for name in ("published_at", "fetched_at", "first_seen_at"):
        value: Any = getattr(item, name)
        if value is not None:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                out.append(f"{name} {value!r} is not ISO-8601")
    for t in item.turns:
        if t.role not in ROLES:
            out.append(f"turn {t.idx} role {t.role!r}")
    return out


class ValidatePipeline:
    """Raise ``DropItem`` naming every problem; count drops per reason in the stats."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Statement) -> Statement:
        found = problems(item)
        if found:
            for p in found:
                self.stats.inc_value(f"rdi/invalid/{p.split(' ')[0]}")
            self.stats.inc_value("rdi/items_invalid")
            raise DropItem(f"invalid statement {item.statement_id} ({item.url}): " + "; ".join(found), log_level="ERROR")
        return item
