"""The statement record: the schema every stage (crawl, load, tag, index) shares.

A crawl writes one JSON object per :class:`Statement` (JSON lines, Scrapy FEEDS) into the
staging area; ``rdi load`` reads those files with DuckDB's JSON reader. Field names here are
the column names of the staging files, so renaming one is a schema change.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

#: Closed vocabularies (city-scrapers style constants, not strings typed by hand).
TIER_LEADER = "leader"
TIER_MINISTRY = "ministry"
TIERS = (TIER_LEADER, TIER_MINISTRY)

ROLE_OFFICIAL = "official"
ROLE_REPORTER = "reporter"
ROLE_MODERATOR = "moderator"
#: A foreign leader or official speaking at another government's event (e.g. President Park at
#: a White House joint press conference): kept as text, never scored as the host's rhetoric.
ROLE_GUEST = "guest"
ROLES = (ROLE_OFFICIAL, ROLE_REPORTER, ROLE_MODERATOR, ROLE_GUEST)

TEXT_FULL = "full"
TEXT_PARTIAL = "partial"
TEXT_VIDEO_ONLY = "video_only"
TEXT_PENDING = "pending"
TEXT_STATUSES = (TEXT_FULL, TEXT_PARTIAL, TEXT_VIDEO_ONLY, TEXT_PENDING)

VIA_DIRECT = "direct"
VIA_WAYBACK = "wayback"
VIA_MIRROR = "mirror"
VIAS = (VIA_DIRECT, VIA_WAYBACK, VIA_MIRROR)

COUNTRIES = ("JP", "KR", "US")
LANGS = ("ja", "ko", "en")


@dataclass
class Turn:
    """One speaker turn of a press conference or briefing.

    Reporters' turns are kept (they set the topic and the target of the answer) but are never
    scored as a government's rhetoric.
    """

    idx: int
    role: str  # one of ROLES: official | reporter | moderator | guest
    speaker: str | None
    text: str


@dataclass
class Statement:
    """One official statement, press release, speech or briefing transcript."""

    statement_id: str  # stable, from the site's own id: "<source>:<site id>"
    source: str  # source id in crawlers/sources.toml (== spider name)
    channel: str  # channel id used by the index (e.g. "jp_kantei", "kr_mofa")
    country: str  # JP | KR | US (the government speaking)
    office: str  # e.g. "Prime Minister's Office", "MOFA Spokesperson"
    tier: str  # leader | ministry
    lang: str  # ja | ko | en
    title: str
    url: str  # the real URL the text was read from (never the mirror's)
    text: str  # whole normalised text ("" when text_status is not full/partial)
    text_status: str = TEXT_FULL
    speaker: str | None = None
    event_date: str | None = None  # ISO date the words were spoken/issued
    published_at: str | None = None  # ISO datetime (with offset) the site posted it
    first_seen_at: str | None = None  # ISO datetime (UTC) this crawler first saw it
    fetched_at: str | None = None  # ISO datetime (UTC) of this fetch
    canonical_url: str | None = None
    content_hash: str = ""  # sha256 of the normalised text + turns; filled by the pipeline
    via: str = VIA_DIRECT  # direct | wayback | mirror
    doc_type: str | None = None  # statement | press_conference | briefing | speech | release | report
    is_translation: bool = False  # EN provisional translation of a JA/KO original
    alt_urls: list[str] = field(default_factory=list)  # language-switch links, if any
    turns: list[Turn] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (turns as dicts)."""
        return asdict(self)


# Dots Korean statements write between names and words ("한ㆍ미ㆍ일", "역사적․지리적"). NFKC would make
# U+2024 a full stop (a false sentence end) and U+318D a conjoining vowel (U+119E, which splits
# "한ㆍ미ㆍ일" into odd tokens); all are read as the usual middle dot.
MIDDLE_DOTS = dict.fromkeys(map(ord, "\u2024\u2027\u318d\u119e"), "\u00b7")


def normalise_text(text: str) -> str:
    """NFKC-normalise (middle dots unified first), unify odd spaces (``\\u3000``, ``\\xa0``) and
    collapse blank runs."""
    text = unicodedata.normalize("NFKC", text.translate(MIDDLE_DOTS))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def content_hash(text: str, turns: list[Turn] | list[dict[str, Any]] | None = None) -> str:
    """Return the sha256 of the normalised text and turns: equal hash = unchanged statement."""
    h = hashlib.sha256(normalise_text(text).encode("utf-8"))
    for t in turns or []:
        d = t if isinstance(t, dict) else asdict(t)
        h.update(f"\x1e{d['role']}\x1f{d.get('speaker') or ''}\x1f".encode())
        h.update(normalise_text(d["text"]).encode("utf-8"))
    return h.hexdigest()
