"""Authored content of the demo archive: sentence banks, Q&A pairs, officials, sources, calendar.

Every entry of ``content/*.jsonl`` carries ``prov``: ``"authored"`` for text we wrote, or
``{"url": ..., "date": ...}`` for a quote of a real public statement. Composition keeps the
provenance of every sentence it uses so the manifest can list it per statement.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class ContentError(ValueError):
    """A content file is malformed (one-line message names file and line)."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file; blank lines and ``//`` comment lines are skipped."""
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ContentError(f"{path.name}:{n}: invalid JSON ({exc.msg})") from None
    return rows


def prov_labels(prov: Any) -> list[str]:
    """Manifest labels for a provenance value.

    ``"authored"``; ``{"url", "date"[, "part"]}`` for a quote of a real public statement (``part``
    names which sentence of the entry is quoted); or a list of those when an entry mixes both.
    """
    if prov == "authored":
        return ["authored"]
    if isinstance(prov, dict) and str(prov.get("url", "")).startswith(("http://", "https://")) \
            and len(str(prov.get("date", ""))) == 10:
        return [f"quote {prov['url']} {prov['date']}"]
    if isinstance(prov, list) and prov:
        return [label for p in prov for label in prov_labels(p)]
    raise ContentError(f"bad provenance {prov!r}: need 'authored', {{url, date}} or a list of them")


class _Ctx(dict):
    """Format mapping that fails loudly on unknown placeholders."""

    def __missing__(self, key: str) -> str:
        raise ContentError(f"unknown placeholder {{{key}}}")


@dataclass
class Content:
    """All content files, indexed for composition."""

    sentences: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    qa: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    officials: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    calendar: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path = CONTENT_DIR) -> Content:
        """Load and index every content file under ``folder``."""
        c = cls()
        for p in sorted(folder.glob("sentences_*.jsonl")):
            for r in read_jsonl(p):
                prov_labels(r.get("prov"))
                for voice in r["voice"].split("|"):
                    c.sentences[(voice, r["topic"], r["slot"])].append(r)
        for p in sorted(folder.glob("qa_*.jsonl")):
            for r in read_jsonl(p):
                prov_labels(r.get("prov"))
                for voice in r["voice"].split("|"):
                    c.qa[(voice, r["topic"])].append(r)
        c.officials = read_jsonl(folder / "officials.jsonl")
        c.sources = {r["source"]: r for r in read_jsonl(folder / "sources.jsonl")}
        c.calendar = read_jsonl(folder / "calendar.jsonl")
        return c

    def official(self, role: str, d: date) -> str:
        """The value (name) of ``role`` on date ``d``."""
        iso = d.isoformat()
        for r in self.officials:
            if r["role"] == role and r["from"] <= iso <= r["to"]:
                return r["value"]
        raise ContentError(f"no official for role {role} on {iso}")

    def context(self, d: date) -> _Ctx:
        """Placeholder values for a statement dated ``d``."""
        ctx = _Ctx(Y=d.year, M=d.month, D=d.day, lib=d.year - 1945, samil=d.year - 1919, war=d.year - 1945,
                   norm=d.year - 1965, reiwa=d.year - 2018)
        for role in sorted({r["role"] for r in self.officials}):
            try:
                ctx[role] = self.official(role, d)
            except ContentError:
                ctx[role] = ""
        return ctx

    def fill(self, text: str, d: date) -> str:
        """Fill ``{placeholders}`` for date ``d``."""
        return text.format_map(self.context(d))

    def pool(self, voice: str, topic: str, slot: str) -> list[dict[str, Any]]:
        """All sentence entries of (voice, topic, slot), falling back to voice ``any``."""
        return self.sentences.get((voice, topic, slot)) or self.sentences.get(("any", topic, slot)) or []

    def pick(self, voice: str, topic: str, slot: str, rng: random.Random, k: int = 1,
             keep_order: bool = True) -> list[dict[str, Any]]:
        """Up to ``k`` sentence entries of (voice, topic, slot); falls back to voice ``any``."""
        pool = self.pool(voice, topic, slot)
        if not pool:
            return []
        idx = sorted(rng.sample(range(len(pool)), min(k, len(pool))))
        if not keep_order:
            rng.shuffle(idx)
        return [pool[i] for i in idx]

    def qa_by_id(self, qa_id: str) -> dict[str, Any]:
        """The Q&A entry with id ``qa_id``."""
        for entries in self.qa.values():
            for e in entries:
                if e["id"] == qa_id:
                    return e
        raise ContentError(f"unknown Q&A id {qa_id}")

    def pick_qa(self, voice: str, topic: str, rng: random.Random, avoid: set[str]) -> dict[str, Any] | None:
        """One Q&A pair of (voice, topic) not in ``avoid`` (ids), if any is left."""
        pool = [r for r in self.qa.get((voice, topic), []) if r["id"] not in avoid]
        return rng.choice(pool) if pool else None
