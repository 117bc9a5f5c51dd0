"""A local mirror server for saved pages, laid out by real host and path (Twisted web).

Layout of a mirror root::

    ROOT/<host>/<path>                     e.g. ROOT/www.kantei.go.jp/index-jnews.rdf
    ROOT/<host>/<path>@<query>             a query string, keys sorted: view.do@seq=123
    ROOT/<host>/<path>@POST@<form>         a POST form (keys sorted, paging/filter keys only)
    ROOT/<host>/<dir>/index.html           served for ROOT/<host>/<dir>/
    ROOT/<host>/<path>.rdi-headers.json    optional: {"status": 307, "headers": {...}}

A route is ``/<host>/<path>`` so the host map entry for a host is
``<host>=127.0.0.1:<port>/<host>`` (see :func:`host_map_for`). Files are served as bytes,
unchanged (encodings are the spiders' problem, as on the real sites); the content type is
guessed from the extension with no charset parameter, like several real sites.
``.rdi-headers.json`` can add headers (``Set-Cookie``, ``Content-Type`` with a charset) or a
status, and ``"require_cookie": "NAME"`` answers 307 to the same URL until that cookie is
sent (the MOFA Korea gate).

Run it as ``python -m crawlers.mirror ROOT [--port N]``: it prints ``PORT <n>`` once listening.
Twisted's server is used on purpose: ``python -m http.server`` stalls under crawl load
(perf_baselines.md §0, surprise 6).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

_IGNORED_FORM_KEYS: frozenset[str] = frozenset()

mimetypes.add_type("application/rss+xml", ".rdf")
mimetypes.add_type("application/xml", ".xml")
mimetypes.add_type("application/json", ".json")


def host_map_for(root: Path, port: int, host: str = "127.0.0.1") -> str:
    """Return an ``RDI_HOST_MAP`` string mapping every host folder under ``root`` to the mirror."""
    hosts = sorted(p.name for p in Path(root).iterdir() if p.is_dir() and "." in p.name)
    return ",".join(f"{h}={host}:{port}/{h}" for h in hosts)


def query_key(query: str) -> str:
    """Canonical file-name suffix for a query string or form body: keys sorted, blanks dropped."""
    pairs = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True) if v != "")
    return urlencode(pairs)


def resolve(root: Path, path: str, query: str = "", form: str | None = None) -> Path | None:
    """Map a request to a file under ``root``; None when there is none (404)."""
    rel = path.lstrip("/")
    base = (root / rel).resolve()
    if not str(base).startswith(str(root.resolve())):
        return None
    candidates: list[Path] = []
    if form is not None:
        candidates.append(Path(f"{base}@POST@{query_key(form)}"))
        candidates.append(Path(f"{base}@POST"))
    if query:
        candidates.append(Path(f"{base}@{query_key(query)}"))
    if path.endswith("/") or base.is_dir():
        candidates.append(base / "index.html")
    candidates.append(base)
    for c in candidates:
        if c.is_file():
            return c
    return None


def make_site(root: Path) -> Any:
    """Build the Twisted ``Site`` serving ``root``."""
    from twisted.web import resource, server

    root = Path(root).resolve()

    class MirrorResource(resource.Resource):
        isLeaf = True

        def render(self, request: Any) -> bytes:
            raw_path = request.path.decode("utf-8", "replace")
            from urllib.parse import unquote

            path = unquote(raw_path)
            uri = request.uri.decode("utf-8", "replace")
            query = uri.partition("?")[2]
            form = None
            if request.method == b"POST":
                request.content.seek(0)
                form = request.content.read().decode("utf-8", "replace")
            file = resolve(root, path, query, form)
            if file is None:
                request.setResponseCode(404)
                request.setHeader(b"content-type", b"text/html")
                return b"<html><body><h1>404 Not Found</h1></body></html>"
            meta_file = Path(f"{file}.rdi-headers.json")
            meta: dict[str, Any] = {}
            if meta_file.is_file():
                meta = json.loads(meta_file.read_text("utf-8"))
            need = meta.get("require_cookie")
            if need and request.getCookie(need.encode()) is None:
                request.setResponseCode(307)
                request.setHeader(b"location", request.uri)
                request.setHeader(b"set-cookie", f"{need}=ok; Path=/".encode())
                return b""
            ctype = mimetypes.guess_type(file.name.split("@", 1)[0])[0] or "text/html"
            request.setHeader(b"content-type", ctype.encode())
            for k, v in meta.get("headers", {}).items():
                request.setHeader(k.encode(), v.encode())
            request.setResponseCode(int(meta.get("status", 200)))
            return file.read_bytes()

    return server.Site(MirrorResource())


def serve(root: Path, port: int = 0, interface: str = "127.0.0.1") -> None:
    """Serve ``root`` until killed; print ``PORT <n>`` (flushed) once listening."""
    from twisted.internet import reactor

    listening = reactor.listenTCP(port, make_site(root), interface=interface, backlog=128)  # type: ignore[attr-defined]
    print(f"PORT {listening.getHost().port}", flush=True)
    reactor.run()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m crawlers.mirror ROOT [--port N]``."""
    ap = argparse.ArgumentParser(prog="python -m crawlers.mirror", description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"error: mirror root {args.root} is not a directory", file=sys.stderr)
        return 2
    serve(args.root, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


class MirrorProcess:
    """Run the mirror in a subprocess (context manager); ``.port`` and ``.host_map`` once up."""

    def __init__(self, root: Path, port: int = 0, timeout: float = 20.0) -> None:
        self.root = Path(root)
        self.requested_port = port
        self.timeout = timeout
        self.port = 0
        self._proc: Any = None

    def __enter__(self) -> MirrorProcess:
        import subprocess

        self._proc = subprocess.Popen(
            [sys.executable, "-m", "crawlers.mirror", str(self.root), "--port", str(self.requested_port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self._proc.stdout.readline()
        if not line.startswith("PORT "):
            err = self._proc.stderr.read() if self._proc.poll() is not None else ""
            self.__exit__(None, None, None)
            raise RuntimeError(f"mirror server did not start: {line.strip()} {err.strip()}")
        self.port = int(line.split()[1])
        return self

    @property
    def host_map(self) -> str:
        """The ``RDI_HOST_MAP`` value that routes every mirrored host here."""
        return host_map_for(self.root, self.port)

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except Exception:  # noqa: BLE001 - last resort on a stuck server
                self._proc.kill()
        self._proc = None
