"""sources.toml ↔ spiders; ``scrapy list``; ``rdi parse`` and ``rdi crawl`` errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.sources import UnknownSourceError, get_source, load_sources
from pipeline.config import load_project
from pipeline.crawl import CrawlError, run_crawl
from tests.crawlers.conftest import FILES

ROOT = Path(__file__).resolve().parents[2]
JP = ["jp_kantei_statements_ja", "jp_kantei_statements_en", "jp_kantei_ccs_ja", "jp_kantei_ccs_en",
      "jp_mofa_press_conferences_ja", "jp_mofa_press_conferences_en", "jp_mofa_press_releases_ja",
      "jp_mofa_press_releases_en", "jp_mod_press_conferences_ja"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module")
def spider_names():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout.split()


def test_registry_has_23_sources():
    assert len(load_sources()) == 23


def test_every_source_has_a_spider(spider_names):
    assert sorted(set(load_sources()) - set(spider_names)) == []


def test_jp_spiders_listed(spider_names):
    assert [n for n in spider_names if n.startswith("jp_")] == sorted(JP)


def test_demo_sources():
    assert sorted(s.id for s in load_sources().values() if s.demo) == sorted([
        "jp_kantei_statements_ja", "jp_mofa_press_conferences_ja", "kr_president_speeches_ko", "kr_mofa_press_releases_ko",
        "kr_mofa_briefings_en", "us_state_briefings", "us_whitehouse_statements"])


def test_unknown_source_message_lists_ids():
    with pytest.raises(UnknownSourceError, match="unknown source 'jp_nope'; known sources: jp_kantei_ccs_en"):
        get_source("jp_nope")


def test_run_crawl_unknown_source(tmp_path):
    with pytest.raises(UnknownSourceError):
        run_crawl(load_project(tmp_path), ["jp_nope"])


def test_run_crawl_bad_since(tmp_path):
    with pytest.raises(CrawlError, match="not a date"):
        run_crawl(load_project(tmp_path), ["jp_kantei_statements_ja"], since="2026-02-30")


def test_cli_crawl_unknown_source_one_line_error():
    proc = _cli("crawl", "--source", "jp_nope")
    assert (proc.returncode, proc.stderr.startswith("error: unknown source 'jp_nope'"), "Traceback" in proc.stderr) == (1, True, False)


def test_cli_parse_prints_statement_json():
    page = FILES / "jp_kantei_statements_ja" / "www.kantei.go.jp" / "jp" / "105" / "statement" / "2026" / "0819kaiken.html"
    proc = _cli("parse", "--source", "jp_kantei_statements_ja", "--url",
                "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html", "--file", str(page))
    record = json.loads(proc.stdout.splitlines()[0])
    assert (record["statement_id"], len(record["turns"]), record["event_date"]) == (
        "jp_kantei_statements_ja:105/statement/2026/0819kaiken", 4, "2026-08-19")


def test_cli_parse_list_prints_discovered():
    page = FILES / "jp_kantei_statements_ja" / "www.kantei.go.jp" / "jp" / "105" / "statement" / "index.html"
    proc = _cli("parse", "--source", "jp_kantei_statements_ja", "--url",
                "https://www.kantei.go.jp/jp/105/statement/index.html", "--file", str(page))
    assert [json.loads(line) for line in proc.stdout.splitlines()] == [
        {"discovered": "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"},
        {"discovered": "https://www.kantei.go.jp/jp/105/statement/2026/0815shikiji.html"}]


def test_cli_parse_missing_file():
    proc = _cli("parse", "--source", "jp_kantei_statements_ja", "--url", "https://www.kantei.go.jp/x.html", "--file", "/nonexistent.html")
    assert (proc.returncode, proc.stderr.strip()) == (1, "error: --file /nonexistent.html: no such file")


def test_cli_parse_garbage_page_gives_no_statement_not_a_crash(tmp_path):
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"\x00\xff<<<not html at all")
    proc = _cli("parse", "--source", "jp_kantei_statements_ja", "--url", "https://www.kantei.go.jp/jp/105/statement/2026/0101x.html",
                "--file", str(junk))
    assert proc.returncode == 0 and all(json.loads(line).get("text_status", "pending") != "full" for line in proc.stdout.splitlines())
