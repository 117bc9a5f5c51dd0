"""Bilingual pairing hints (JA/KO original ↔ EN version), recorded as candidates, never merged.

1. Language-switch links: an ``alt_urls`` entry that the partner source has crawled → a sure pair.
2. Otherwise: the partner's statements within ±1 day, scored by date distance, speaker (when
   both are written in the same script), shared numbers and shared acronyms (G7, ICC, ASEAN appear
   in Japanese and Korean text too). Candidates scoring >= 0.5 are kept, best first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from crawlers.items import Statement
from crawlers.sources import get_source
from crawlers.state import open_readonly

_NUM = re.compile(r"\d+(?:[.,]\d+)?")
#: Acronyms and codes (G7, ASEAN, ICC, ROK) appear unchanged in JA/KO and EN texts.
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,7}(?![A-Za-z0-9])")
MIN_SCORE = 0.5


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    """0..1 likelihood that two statements in different languages are one statement."""
    try:
        gap = abs((date.fromisoformat(a["event_date"]) - date.fromisoformat(b["event_date"])).days)
    except (TypeError, ValueError):
        return 0.0
    if gap > 1:
        return 0.0
    score = 0.4 if gap == 0 else 0.2
    ta, tb = (a.get("title") or "") + "\n" + (a.get("text") or "")[:3000], (b.get("title") or "") + "\n" + (b.get("text") or "")[:3000]
    nums = _jaccard(set(_NUM.findall(ta)) - {"1", "2"}, set(_NUM.findall(tb)) - {"1", "2"})
    latin = _jaccard(set(_ACRONYM.findall(ta)), set(_ACRONYM.findall(tb)))
    score += 0.3 * nums + 0.2 * latin
    sa, sb = a.get("speaker") or "", b.get("speaker") or ""
    if sa and sb and sa.isascii() == sb.isascii():
        score += 0.1 if sa.lower() == sb.lower() else -0.1
    return round(min(score, 1.0), 3)


class PairingPipeline:
    """Add ``extra["pair_candidates"]`` for sources with ``pair_with`` partners."""

    def __init__(self, crawler: Any) -> None:
        self.state_dir = crawler.settings.get("RDI_STATE_DIR")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> PairingPipeline:
        return cls(crawler)

    def process_item(self, item: Statement) -> Statement:
        partners = get_source(item.source).pair_with
        if not partners or not self.state_dir:
            return item
        mine = item.to_dict()
        found: dict[str, dict[str, Any]] = {}
        for partner in partners:
            db = open_readonly(self.state_dir, partner)
            if db is None:
                continue
            try:
                if item.alt_urls:
                    q = ",".join("?" * len(item.alt_urls))
                    for row in db.execute(f"SELECT statement_id FROM urls WHERE url IN ({q})", item.alt_urls):
                        found[row[0]] = {"statement_id": row[0], "score": 1.0, "method": "language_switch"}
                if item.event_date and not found:
                    rows = db.execute(
                        "SELECT statement_id, event_date, speaker, title, sim_text AS text FROM statements"
                        " WHERE event_date BETWEEN date(?, '-1 day') AND date(?, '+1 day')",
                        (item.event_date, item.event_date),
                    ).fetchall()
                    for row in rows:
                        s = pair_score(mine, dict(row))
                        if s >= MIN_SCORE:
                            found.setdefault(row["statement_id"], {"statement_id": row["statement_id"], "score": s, "method": "date_speaker_similarity"})
            finally:
                db.close()
        if found:
            item.extra["pair_candidates"] = sorted(found.values(), key=lambda c: -c["score"])[:3]
            self.stats.inc_value("rdi/pair_candidates")
        return item
