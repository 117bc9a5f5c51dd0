"""Which statement appears when: the episode calendar plus seeded routine items per source."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from crawlers.demo.content import Content, ContentError

FIRST_MONTH = date(2024, 10, 1)
LAST_DAY = date(2026, 10, 31)
SEED = "rdi-demo-v1"
#: No routine items on New Year and Christmas/year-end days (the calendar may still place items there).
_HOLIDAYS = {(1, 1), (1, 2), (1, 3), (12, 25), (12, 29), (12, 30), (12, 31)}


@dataclass
class Item:
    """One planned statement: source, date, topics (first = main), the episode it belongs to."""

    source: str
    day: date
    topics: list[str]
    event: str = ""
    opening: str = ""  # transcripts: forced opening-remarks topic
    options: dict[str, str] = field(default_factory=dict)


def months(first: date = FIRST_MONTH, last: date = LAST_DAY) -> list[tuple[int, int]]:
    """(year, month) pairs from ``first`` to ``last`` inclusive."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def next_weekday(d: date) -> date:
    """``d`` or the following Monday when ``d`` falls on a weekend."""
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = sorted(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def plan(content: Content) -> list[Item]:
    """Every planned item of every demo source, sorted by (source, day)."""
    items: list[Item] = []
    used: dict[str, set[date]] = {s: set() for s in content.sources}
    for row in content.calendar:
        src = row["source"]
        if src not in content.sources:
            raise ContentError(f"calendar.jsonl: unknown source {src}")
        d = date.fromisoformat(row["date"])
        if d < FIRST_MONTH or d > LAST_DAY:
            raise ContentError(f"calendar.jsonl: {row['date']} outside the demo period")
        same = [i for i in items if i.source == src and i.day == d]
        if same and content.sources[src]["form"] == "transcript":
            same[0].topics.append(row["topic"])
            continue
        items.append(Item(src, d, [row["topic"]], row.get("event", ""), row.get("open", ""),
                          {k: v for k, v in row.items() if k.startswith("opt_")}))
        used[src].add(d)
    for src, cfg in sorted(content.sources.items()):
        start = max(FIRST_MONTH, date.fromisoformat(cfg["from"]))
        end = min(LAST_DAY, date.fromisoformat(cfg.get("to", LAST_DAY.isoformat())))
        lo, hi = cfg["per_month"]
        for y, m in months():
            rng = random.Random(f"{SEED}:{src}:{y}-{m:02d}")
            days = [date(y, m, d) for d in range(1, calendar.monthrange(y, m)[1] + 1)]
            free = [d for d in days if start <= d <= end and d.weekday() < 5 and d not in used[src]
                    and (d.month, d.day) not in _HOLIDAYS]
            n = min(rng.randint(lo, hi), len(free))
            for d in sorted(rng.sample(free, n)):
                topic = _weighted(rng, cfg["topics"])
                items.append(Item(src, d, [] if cfg["form"] == "transcript" else [topic]))
                used[src].add(d)
    items.sort(key=lambda i: (i.source, i.day))
    return items
