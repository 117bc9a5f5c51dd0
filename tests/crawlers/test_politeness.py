"""Politeness through real crawls: robots.txt obeyed, unreadable robots = disallow, Crawl-delay, UA."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from crawlers import settings
from tests.crawlers.conftest import FILES, crawl_mirror, write_config

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


def test_crawl_delay_honoured(tmp_path):
    root = _site(tmp_path, "User-agent: *\nCrawl-delay: 1\n")
    started = time.monotonic()
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-08-01")
    elapsed = time.monotonic() - started
    # 8 requests to one host after robots.txt, at least 1 s apart (zero configured delay otherwise)
    assert (run.result.health["crawl_delays"], elapsed >= 6) == ({"www.kantei.go.jp": 1.0}, True)


def test_default_delay_is_polite():
    assert settings.DOWNLOAD_DELAY >= 4 and settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1


def test_user_agent_identifies_with_contact():
    assert settings.USER_AGENT.startswith("rdi/") and settings.RDI_CONTACT in settings.USER_AGENT


def test_contact_from_project_config(tmp_path):
    root = _site(tmp_path)
    home = tmp_path / "home"
    write_config(home, contact="https://example.org/rdi-contact")
    run = crawl_mirror(SRC, root, home, since="2026-08-01")
    assert "https://example.org/rdi-contact" in run.result.log_path.read_text("utf-8")
