"""Index settings, the base period, and vintages with their frozen parameters.

A vintage is defined by the method, the model, the base period and the index settings
(methodology §6.8). Its Beta priors, channel SDs and base-period means are fitted once,
stored, and reused by every later run of the same vintage, so a month's value changes
only when its own data change; a new model or base makes a new vintage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from warehouse import rdi
from warehouse.index_series import ChannelParams

METHOD_VERSION = "rdi-v1"
CODEBOOK_VERSION = "codebook-v1"
DEFAULT_BASE = ("2013-01", "2022-12")
FALLBACK_MONTHS = 24
# [index] options of rdi.toml that are not index settings: they define no vintage
# (keep_releases: pipeline/index.py)
RELEASE_OPTIONS = ("keep_releases",)


@dataclass(frozen=True)
class IndexSettings:
    """Index parameters (rdi.toml ``[index]`` with command-line overrides)."""

    base_start: str = DEFAULT_BASE[0]
    base_end: str = DEFAULT_BASE[1]
    draws: int = 2000
    seed: int = 20130101
    targets: tuple[str, ...] = ("JP", "KR", "US", "KP", "CN")
    all_targets: tuple[str, ...] = ("JP", "KR", "US")
    hhr_floor: float = 10.0
    low_n: int = 30
    kappa_max: float = rdi.KAPPA_MAX
    error_rates: str = "model"  # model | default | none (see warehouse/errorrates.py)
    min_rate_positives: int = 20
    min_rate_negatives: int = 100

    @classmethod
    def from_config(cls, config: dict[str, Any], **overrides: Any) -> IndexSettings:
        """Build from rdi.toml's ``[index]`` table; ``None`` overrides are ignored."""
        section = {k: v for k, v in config.get("index", {}).items() if k not in RELEASE_OPTIONS}
        if isinstance(section.get("base"), str):
            section["base_start"], section["base_end"] = parse_base(section.pop("base"))
        base = overrides.pop("base", None)
        if base:
            section["base_start"], section["base_end"] = parse_base(base)
        section.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("targets", "all_targets"):
            if key in section:
                value = section[key]
                if not isinstance(value, (list, tuple)) or not all(isinstance(t, str) and t for t in value):
                    raise ValueError(f"[index] {key} in rdi.toml must be a list of target codes, e.g. [\"JP\", \"KR\"]")
                section[key] = tuple(value)
        for key, low in (("draws", 100), ("seed", 0), ("low_n", 1), ("min_rate_positives", 0),
                         ("min_rate_negatives", 0)):
            value = section.get(key, low)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"[index] {key} in rdi.toml must be an integer >= {low}, not {value!r}")
        if "base_start" in section or "base_end" in section:
            section["base_start"], section["base_end"] = parse_base(
                f"{section.get('base_start', DEFAULT_BASE[0])}:{section.get('base_end', DEFAULT_BASE[1])}")
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(section) - known)
        if unknown:
            raise ValueError(f"unknown [index] setting(s) in rdi.toml: {', '.join(unknown)}")
        return cls(**section)


def parse_base(text: str) -> tuple[str, str]:
    """Validate ``YYYY-MM:YYYY-MM`` and return its two months."""
    start, sep, end = text.partition(":")
    try:
        a = datetime.strptime(start, "%Y-%m")
        b = datetime.strptime(end, "%Y-%m")
    except ValueError:
        raise ValueError(f"bad base period {text!r}: want YYYY-MM:YYYY-MM") from None
    if not sep or b < a:
        raise ValueError(f"bad base period {text!r}: want YYYY-MM:YYYY-MM, start <= end")
    return f"{a:%Y-%m}", f"{b:%Y-%m}"  # one spelling per period: "2025-1" would key another vintage


def full_months(first: date, last: date, months: list[date]) -> list[date]:
    """Months entirely inside the data span [first, last]."""
    out = []
    for m in months:
        nxt = date(m.year + m.month // 12, m.month % 12 + 1, 1)
        if first <= m and last >= date.fromordinal(nxt.toordinal() - 1):
            out.append(m)
    return out


def choose_base(
    first: date, last: date, months: list[date], settings: IndexSettings
) -> tuple[date, date, str | None]:
    """The configured base if the data cover it, else the first 24 full months (stated)."""
    start = datetime.strptime(settings.base_start, "%Y-%m").date()
    end = datetime.strptime(settings.base_end, "%Y-%m").date()
    full = full_months(first, last, months)
    if full and full[0] <= start and full[-1] >= end:
        return start, end, None
    pool = full or months
    chosen = pool[:FALLBACK_MONTHS]
    note = (
        f"data ({first}..{last}) do not cover the base period "
        f"{settings.base_start}:{settings.base_end}; base = first {len(chosen)} "
        f"{'full ' if full else ''}months {chosen[0]:%Y-%m}:{chosen[-1]:%Y-%m}"
    )
    return chosen[0], chosen[-1], note


@dataclass
class VintageState:
    """A vintage and its frozen parameters (filled lazily for new series/channels)."""

    vintage: str
    key_sha256: str
    base_start: date
    base_end: date
    base_note: str | None
    created: bool
    channel_params: dict[tuple[str, str], dict[str, ChannelParams]] = field(default_factory=dict)
    base_means: dict[tuple[str, str], dict[str, float | None]] = field(default_factory=dict)


def vintage_key(model_version: str, base: tuple[date, date], settings: IndexSettings,
                salt: str = "", error_rates: dict[str, Any] | None = None) -> str:
    """sha256 of everything that defines a vintage (method, model, base, settings, Se/Sp)."""
    payload = {
        "method": METHOD_VERSION, "codebook": CODEBOOK_VERSION, "model": model_version,
        "base": [base[0].isoformat(), base[1].isoformat()], "settings": asdict(settings),
        "error_rates": error_rates or {}, "salt": salt,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def open_vintage(con: Any, model_version: str, base: tuple[date, date], note: str | None,
                 settings: IndexSettings, *, new: bool = False,
                 error_rates: dict[str, Any] | None = None) -> VintageState:
    """Reuse the latest vintage with this key (and its frozen parameters) or start one.

    ``new`` (``rdi index --new-vintage``) starts one with the same key, under a label of its own;
    being the latest with that key, it is the vintage later runs reuse."""
    key = vintage_key(model_version, base, settings, "", error_rates)
    found = [] if new else con.execute(
        "select vintage from vintages where key_sha256 = ? order by created_at desc limit 1", [key]
    ).fetchall()
    row = found[0] if found else None
    if row is None:
        salt = datetime.now(UTC).isoformat() if new else ""
        label = f"{datetime.now(UTC):%Y%m%d}-{vintage_key(model_version, base, settings, salt, error_rates)[:6]}"
        return VintageState(label, key, base[0], base[1], note, created=True)
    state = VintageState(row[0], key, base[0], base[1], note, created=False)
    for a, c, t, alpha, beta, months, sd in con.execute(
        "select actor, channel, target, alpha, beta, prior_months, sd_base "
        "from vintage_channel_params where vintage = ?", [row[0]]
    ).fetchall():
        state.channel_params.setdefault((a, t), {})[c] = ChannelParams(
            rdi.BetaPrior(alpha, beta, months), sd)
    for a, t, series, mean in con.execute(
        "select actor, target, series, base_mean from vintage_series_params where vintage = ?",
        [row[0]],
    ).fetchall():
        state.base_means.setdefault((a, t), {})[series] = mean
    return state


def save_vintage(con: Any, state: VintageState, model_version: str, settings: IndexSettings,
                 langs: dict[tuple[str, str], str]) -> None:
    """Insert the vintage row (if new) and any parameters not stored yet."""
    if state.created:
        con.execute(
            "insert into vintages values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [state.vintage, state.key_sha256, METHOD_VERSION, model_version, CODEBOOK_VERSION,
             state.base_start, state.base_end, state.base_note,
             json.dumps(asdict(settings)), datetime.now(UTC)],
        )
    import pyarrow as pa

    chan = [
        {"vintage": state.vintage, "actor": a, "channel": c, "target": t,
         "lang": langs.get((a, c), "en"), "alpha": p.prior.alpha, "beta": p.prior.beta,
         "prior_months": p.prior.months, "sd_base": p.sd_base}
        for (a, t), chans in state.channel_params.items() for c, p in chans.items()
    ]
    series = [
        {"vintage": state.vintage, "actor": a, "target": t, "series": s, "base_mean": m}
        for (a, t), means in state.base_means.items() for s, m in means.items()
    ]
    for table, rows in (("vintage_channel_params", chan), ("vintage_series_params", series)):
        if rows:
            con.register("vintage_arrow", pa.Table.from_pylist(rows))
            con.execute(f"insert into {table} by name select * from vintage_arrow on conflict do nothing")
            con.unregister("vintage_arrow")
