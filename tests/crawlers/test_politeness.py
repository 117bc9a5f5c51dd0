"""Politeness through real crawls: robots.txt obeyed, unreadable robots = disallow, Crawl-delay, UA."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawlers import settings
from crawlers.mirror import resolve
from pipeline.config import load_project
from pipeline.crawl import run_crawl
from tests.crawlers.conftest import FILES, crawl_mirror, staged, write_config

SRC = "jp_kantei_statements_ja"


def _site(tmp_path, robots: str | None = None, robots_headers: dict | None = None):
    root = tmp_path / "site"
    shutil.copytree(FILES / SRC, root)
    host = root / "www.kantei.go.jp"
    if robots is not None:
        (host / "robots.txt").write_text(robots, "utf-8")
    if robots_headers is not None:
        (host / "robots.txt.rdi-headers.json").write_text(json.dumps(robots_headers), "utf-8")
    return root


def test_disallowed_page_not_fetched(tmp_path):
    root = _site(tmp_path, "User-agent: *\nDisallow: /jp/105/statement/2026/0815\n")
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-08-01")
    assert [i["statement_id"].rsplit("/", 1)[-1] for i in sorted(run.items, key=lambda i: i["statement_id"])] == ["20260811message", "0819kaiken"]


def test_disallow_counted(tmp_path):
    root = _site(tmp_path, "User-agent: *\nDisallow: /jp/105/statement/2026/0815\n")
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-08-01")
    assert run.result.health["robots_forbidden"] == 1


@pytest.mark.parametrize("status", [500, 403])
def test_unreadable_robots_means_disallow(tmp_path, status):
    root = _site(tmp_path, robots_headers={"status": status})
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-08-01")
    assert (run.items, run.result.ok, run.result.health["robots_unreadable"]) == ([], False, 1)


def test_missing_robots_allows(tmp_path):
    root = _site(tmp_path)
    (root / "www.kantei.go.jp" / "robots.txt").unlink()
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-08-01")
    assert len(run.items) == 3


@contextmanager
def _timed_mirror(root: Path) -> Iterator[tuple[str, list[tuple[float, str]]]]:
    """Serve ``root`` (``<host>/<path>``, as the mirror does) on 127.0.0.1 in this process and
    note when each request arrives: (host map, [(monotonic time, path)])."""
    arrivals: list[tuple[float, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            arrivals.append((time.monotonic(), self.path))
            path, _, query = self.path.partition("?")
            file = resolve(root, path, query)
            body = file.read_bytes() if file else b"not found"
            self.send_response(200 if file else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        hosts = sorted(p.name for p in root.iterdir() if p.is_dir())
        yield ",".join(f"{h}=127.0.0.1:{server.server_port}/{h}" for h in hosts), arrivals
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_delay_honoured(tmp_path):
    root = _site(tmp_path, "User-agent: *\nCrawl-delay: 0.5\n")
    home = tmp_path / "home"
    write_config(home)  # zero configured delay: only Crawl-delay spaces the requests
    with _timed_mirror(root) as (host_map, arrivals):
        (result,) = run_crawl(load_project(home, host_map=host_map), [SRC], since="2026-08-01", timeout=120)
    assert result.health["crawl_delays"] == {"www.kantei.go.jp": 0.5}
    assert len(staged(result)) == 3
    pages = [t for t, path in arrivals if not path.endswith("/robots.txt")]
    assert len(pages) == 8  # 8 requests to one host after robots.txt
    # each at least Crawl-delay apart (a few ms less at the server: the delay runs from the send);
    # unchecked, they come milliseconds apart, and with Scrapy's default +-50 % jitter down to 0.25 s
    gaps = [b - a for a, b in zip(pages, pages[1:])]
    assert min(gaps) >= 0.48, gaps


def test_default_delay_is_polite():
    assert settings.DOWNLOAD_DELAY >= 4 and settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    # the delay is a floor: Scrapy's default jitter (+-50 %) would let a request come at half of it
    assert settings.DOWNLOAD_DELAY_JITTER == 0


def test_user_agent_identifies_with_contact():
    assert settings.USER_AGENT.startswith("rdi/") and settings.RDI_CONTACT in settings.USER_AGENT


def test_contact_from_project_config(tmp_path):
    root = _site(tmp_path)
    home = tmp_path / "home"
    write_config(home, contact="https://example.org/rdi-contact")
    run = crawl_mirror(SRC, root, home, since="2026-08-01")
    assert "https://example.org/rdi-contact" in run.result.log_path.read_text("utf-8")
