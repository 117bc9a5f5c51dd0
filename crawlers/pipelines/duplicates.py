"""Cross-site duplicates (president.go.kr vs korea.kr): recorded as a relation, never merged.

A source lists in ``duplicate_of`` the sources that may carry the same texts and are the
canonical publishers. A statement whose normalised text matches one of theirs (rapidfuzz
ratio >= 95, length ratio > 0.85, event dates within 3 days; scdenney/nlp_corpora's rule) gets
``extra["duplicate_of"]``; the canonical source's statements get ``extra["duplicates"]`` for
matches already crawled on the copying sites. The index counts the canonical one.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from crawlers.items import Statement
from crawlers.sources import get_source, load_sources
from crawlers.state import open_readonly

MIN_RATIO = 95.0
MIN_LENGTH_RATIO = 0.85
DAYS = 3


def is_duplicate(a: str, b: str) -> float | None:
    """Similarity (0-100) when two texts are the same statement, else None."""
    if not a or not b:
        return None
    la, lb = len(a), len(b)
    if min(la, lb) / max(la, lb) <= MIN_LENGTH_RATIO:
        return None
    score = fuzz.ratio(a, b)
    return score if score >= MIN_RATIO else None


def find_matches(state_dir: Any, sources: list[str], item: Statement) -> list[dict[str, Any]]:
    """Statements of ``sources`` near the item's date whose text duplicates it."""
    if not item.event_date or not item.text:
        return []
    text = item.text[:4000]
    found = []
    for other in sources:
        db = open_readonly(state_dir, other)
        if db is None:
            continue
        try:
            rows = db.execute(
                "SELECT statement_id, sim_text FROM statements WHERE event_date BETWEEN date(?, ?) AND date(?, ?)",
                (item.event_date, f"-{DAYS} day", item.event_date, f"+{DAYS} day"),
            ).fetchall()
        finally:
            db.close()
        for row in rows:
            if row["statement_id"] != item.statement_id and (score := is_duplicate(text, row["sim_text"] or "")):
                found.append({"statement_id": row["statement_id"], "score": round(score, 1)})
    return sorted(found, key=lambda m: -m["score"])


class DuplicatePipeline:
    """Mark cross-site duplicates in ``extra`` (both directions)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.state_dir = crawler.settings.get("RDI_STATE_DIR")

    @classmethod
    def from_crawler(cls, crawler: Any) -> DuplicatePipeline:
        return cls(crawler)

    def process_item(self, item: Statement) -> Statement:
        if not self.state_dir:
            return item
        me = get_source(item.source)
        copies = [s.id for s in load_sources().values() if item.source in s.duplicate_of]
        if me.duplicate_of and (m := find_matches(self.state_dir, list(me.duplicate_of), item)):
            item.extra["duplicate_of"] = m[0]["statement_id"]
            item.extra["duplicate_score"] = m[0]["score"]
            self.crawler.stats.inc_value("rdi/duplicates_found")
        if copies and (m := find_matches(self.state_dir, copies, item)):
            item.extra["duplicates"] = [x["statement_id"] for x in m]
        return item
