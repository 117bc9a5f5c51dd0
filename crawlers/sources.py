"""The source registry (``crawlers/sources.toml``): one entry per publisher channel."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from crawlers.items import COUNTRIES, LANGS, TIERS

REGISTRY = Path(__file__).with_name("sources.toml")
_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


class UnknownSourceError(KeyError):
    """A source id that is not in the registry (message lists the known ids)."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Source:
    """One publisher channel as registered in ``sources.toml``."""

    id: str
    country: str
    actor: str
    channel: str
    tier: str
    lang: str
    discovery: tuple[str, ...]
    schedule: str = "0 */6 * * *"
    revisit: tuple[str, ...] = ("6h", "24h", "7d")
    min_items_per_run: int = 0
    demo: bool = False
    doc_type: str = "statement"
    access: str = "default"  # default | browser | mofa_kr_cookie
    wayback: bool = False  # fall back to Wayback id_ captures when the site refuses
    pair_with: tuple[str, ...] = ()  # sources holding the other-language versions
    duplicate_of: tuple[str, ...] = ()  # sources that may carry the same texts (canonical first)
    spider: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def revisit_seconds(self) -> list[int]:
        """Revisit ages in seconds, ascending."""
        return sorted(parse_duration(r) for r in self.revisit)


def parse_duration(text: str) -> int:
    """``"6h"`` → 21600; accepts m, h, d, w."""
    m = _DURATION.match(text.strip())
    if not m:
        raise ValueError(f"bad duration {text!r} (use e.g. 1h, 6h, 24h, 7d)")
    return int(m[1]) * _UNIT_SECONDS[m[2]]


_KNOWN = {f for f in Source.__dataclass_fields__ if f != "extra"}


@lru_cache(maxsize=4)
def load_sources(path: Path = REGISTRY) -> dict[str, Source]:
    """Read and check the registry; raise ``ValueError`` naming the bad entry."""
    data = tomllib.loads(Path(path).read_text("utf-8"))
    out: dict[str, Source] = {}
    for raw in data.get("source", []):
        sid = raw.get("id", "?")
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in raw.items() if k in _KNOWN}
        kw["extra"] = {k: v for k, v in raw.items() if k not in _KNOWN}
        kw.setdefault("spider", sid)
        try:
            src = Source(**kw)
        except TypeError as exc:
            raise ValueError(f"sources.toml entry {sid!r}: {exc}") from exc
        if src.country not in COUNTRIES or src.tier not in TIERS or src.lang not in LANGS:
            raise ValueError(f"sources.toml entry {sid!r}: bad country/tier/lang")
        for r in src.revisit:
            parse_duration(r)
        if sid in out:
            raise ValueError(f"sources.toml: duplicate id {sid!r}")
        out[sid] = src
    return out


def get_source(source_id: str) -> Source:
    """The registered source, or :class:`UnknownSourceError` listing the known ids."""
    sources = load_sources()
    if source_id not in sources:
        known = ", ".join(sorted(sources))
        raise UnknownSourceError(f"unknown source {source_id!r}; known sources: {known}")
    return sources[source_id]
