"""Wayback ``id_`` fallback for a source whose site refuses us, recorded as ``via = "wayback"``."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_conferences_ja"  # wayback = true in sources.toml
PAGE = "mofaj/press/kaiken/kaikenw_000001_00190.html"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(FILES / SRC, root, dirs_exist_ok=True)
    site = root / "www.mofa.go.jp"
    (site / f"{PAGE}.rdi-headers.json").write_text(json.dumps({"status": 403}), "utf-8")  # the WAF refuses this page
    ts = datetime.now(UTC).strftime("%Y%m%d")
    archived = root / "web.archive.org" / "web" / f"{ts}id_" / "https:" / "www.mofa.go.jp" / PAGE
    archived.parent.mkdir(parents=True)
    shutil.copy(site / PAGE, archived)
    (root / "web.archive.org" / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    return crawl_mirror(SRC, root, tmp_path_factory.mktemp("home"), since="2026-08-01")


def test_refused_page_comes_from_wayback(run):
    assert run.by_id(f"{SRC}:kaikenw_000001_00190")["via"] == "wayback"


def test_real_url_kept(run):
    assert run.by_id(f"{SRC}:kaikenw_000001_00190")["url"] == f"https://www.mofa.go.jp/{PAGE}"


def test_text_extracted_from_capture(run):
    assert run.by_id(f"{SRC}:kaikenw_000001_00190")["speaker"] == "茂木外務大臣"


def test_other_pages_direct(run):
    assert run.by_id(f"{SRC}:kaikenit_000001_00080")["via"] == "mirror"


def test_fallback_counted(run):
    assert run.result.health["wayback_fallbacks"] == 1
