"""Host mapping: send a source's real URLs to a local mirror or proxy, keep the real URLs.

One mechanism for tests, the offline demo and users behind a mirror::

    RDI_HOST_MAP="www.mofa.go.jp=127.0.0.1:8001,www.kantei.go.jp=127.0.0.1:8002/kantei"

Each entry maps a real host to ``HOST:PORT`` with an optional path prefix. A request for
``https://www.kantei.go.jp/jp/105/statement/index.html`` is downloaded from
``http://127.0.0.1:8002/kantei/jp/105/statement/index.html``; the response handed back to the
spider carries the real URL again, so spiders, ids and stored URLs never see the mirror.
The same table can be given as ``[host_map]`` in the project's ``rdi.toml``. This module reads the
table without Scrapy (every ``rdi`` command reads the configuration); the download handler that
follows it is in :mod:`crawlers.hostmap_download`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

_HOST_RE = re.compile(r"^[A-Za-z0-9.-]+$")
_TARGET_RE = re.compile(r"^(?P<host>[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})(?P<prefix>/[^\s]*)?$")


class HostMapError(ValueError):
    """The host map is unreadable; the message names the bad entry."""


@dataclass(frozen=True)
class Target:
    """Where a mapped host is served from."""

    netloc: str  # "127.0.0.1:8001"
    prefix: str  # "" or "/kantei" (no trailing slash)

    def rewrite(self, url: str) -> str:
        """Return the mirror URL for a real URL of the mapped host."""
        parts = urlsplit(url)
        return urlunsplit(("http", self.netloc, self.prefix + (parts.path or "/"), parts.query, ""))


def parse_host_map(spec: str | Mapping[str, str] | None) -> dict[str, Target]:
    """Parse ``"a.example=127.0.0.1:8001,b.example=127.0.0.1:8002/b"`` or a mapping.

    Raises :class:`HostMapError` with the offending entry when the spec is unreadable.
    """
    if not spec:
        return {}
    if isinstance(spec, str):
        items: list[tuple[str, str]] = []
        for raw in re.split(r"[,\n]", spec):
            entry = raw.strip()
            if not entry:
                continue
            if "=" not in entry:
                raise HostMapError(f"host map entry {entry!r} is not HOST=TARGET:PORT")
            host, _, target = entry.partition("=")
            items.append((host.strip(), target.strip()))
    else:
        items = [(str(k), str(v)) for k, v in spec.items()]
    result: dict[str, Target] = {}
    for host, target in items:
        if not _HOST_RE.match(host):
            raise HostMapError(f"host map entry {host!r}: not a host name")
        m = _TARGET_RE.match(target)
        if not m or not 0 < int(m["port"]) < 65536:
            raise HostMapError(
                f"host map entry {host}={target!r}: target must be HOST:PORT[/prefix]"
            )
        result[host.lower()] = Target(
            netloc=f"{m['host']}:{m['port']}", prefix=(m["prefix"] or "").rstrip("/")
        )
    return result


def format_host_map(host_map: Mapping[str, Target]) -> str:
    """Inverse of :func:`parse_host_map` for a dict of targets (used to pass it to subprocesses)."""
    return ",".join(f"{h}={t.netloc}{t.prefix}" for h, t in sorted(host_map.items()))
