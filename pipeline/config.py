"""The project directory ("home") and its configuration file.

Resolution order for the home: ``--home`` > ``RDI_HOME`` > ``./rdi-data``. The home holds::

    rdi.toml            optional config: [host_map], [crawl] user_agent/contact, [index] ...
    warehouse.duckdb    the single-writer warehouse
    snapshot.duckdb     read-only snapshot published after each committed cycle
    staging/<source>/   crawl output (JSON lines, one file per run)
    exports/            monthly releases
    logs/               per-run logs
    state/              crawl resume state (JOBDIR), locks
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.hostmap import HostMapError, Target, format_host_map, parse_host_map

DEFAULT_HOME = Path("rdi-data")
CONFIG_NAME = "rdi.toml"


class ConfigError(ValueError):
    """The project configuration is unreadable; the message says which part."""


def number_problem(section: str, key: str, value: Any, *, integer: bool = False, low: float = 0,
                   high: float | None = None, above: bool = False, unit: str = "") -> str | None:
    """Why ``value`` of ``[section] key`` in rdi.toml is not a fit number (None: it is): an integer
    or a number (``unit``: " of seconds"), at least ``low`` (more than ``low`` with ``above``) and at
    most ``high``. A boolean is not a number, though Python counts it as one."""
    kinds = (int,) if integer else (int, float)
    if not (isinstance(value, bool) or not isinstance(value, kinds) or value < low or (above and value == low)
            or (high is not None and value > high)):
        return None
    bound = f"from {low} to {high}" if high is not None else f"{'>' if above else '>='} {low}"
    want = ("an integer" if integer else f"a number{unit}") + f" {bound}"
    return f"[{section}] {key} in rdi.toml must be {want}, not {value!r}"


@dataclass
class Project:
    """Paths and settings of one rdi project directory."""

    home: Path
    config: dict[str, Any] = field(default_factory=dict)
    host_map: dict[str, Target] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Absolute, so the paths stay right in subprocesses that run elsewhere (the crawl's
        # Scrapy process runs in the repository): a relative --home sent its output there.
        self.home = Path(self.home).absolute()

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def snapshot_path(self) -> Path:
        return self.home / "snapshot.duckdb"

    @property
    def staging_dir(self) -> Path:
        return self.home / "staging"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def state_dir(self) -> Path:
        return self.home / "state"

    @property
    def host_map_spec(self) -> str:
        """The host map as an ``RDI_HOST_MAP`` string (for crawl subprocesses)."""
        return format_host_map(self.host_map)

    def ensure_dirs(self) -> None:
        """Create the home and its sub-folders (idempotent)."""
        for d in (self.home, self.staging_dir, self.exports_dir, self.logs_dir, self.state_dir):
            d.mkdir(parents=True, exist_ok=True)


def resolve_home(home: Path | str | None = None) -> Path:
    """Return the project home: explicit argument, else ``RDI_HOME``, else ``./rdi-data``."""
    if home:
        return Path(home)
    env = os.environ.get("RDI_HOME")
    return Path(env) if env else DEFAULT_HOME


def load_project(home: Path | str | None = None, *, host_map: str | None = None) -> Project:
    """Read the project at ``home`` (its ``rdi.toml`` if present) and the host map.

    The host map comes from ``host_map`` if given, else ``RDI_HOST_MAP``, else the config's
    ``[host_map]`` table. Raises :class:`ConfigError` with a one-line reason when unreadable.
    """
    root = resolve_home(home)
    config: dict[str, Any] = {}
    cfg_file = root / CONFIG_NAME
    if cfg_file.is_file():
        try:
            config = tomllib.loads(cfg_file.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg_file}: not valid TOML ({exc})") from exc
    spec: Any = host_map if host_map is not None else os.environ.get("RDI_HOST_MAP")
    origin = "RDI_HOST_MAP" if spec else f"{cfg_file} [host_map]"
    if not spec:
        spec = config.get("host_map") or {}
    try:
        parsed = parse_host_map(spec)
    except HostMapError as exc:
        raise ConfigError(f"unreadable host map ({origin}): {exc}") from exc
    return Project(home=root, config=config, host_map=parsed)
