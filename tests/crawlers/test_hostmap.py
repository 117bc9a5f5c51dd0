"""Host mapping: a real Scrapy crawl of a mirror sees only real URLs; mirror-only refuses others."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.hostmap import HostMapError, Target, format_host_map, parse_host_map
from crawlers.mirror import MirrorProcess

ROOT = Path(__file__).resolve().parents[2]
MIRROR = ROOT / "tests" / "files" / "hostmap"

SPIDER = '''
import scrapy
class S(scrapy.Spider):
    name = "hostmap_probe"
    start_urls = ["https://www.example.go.jp/"]
    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.detail, dont_filter="view.do" in href)
    def detail(self, response):
        yield {"url": response.url, "h1": response.css("h1::text").get(), "via": response.meta.get("rdi_via")}
'''


def test_parse_forms() -> None:
    hm = parse_host_map("www.kantei.go.jp=127.0.0.1:8002/kantei, www.mofa.go.jp=127.0.0.1:8001")
    assert hm["www.kantei.go.jp"] == Target("127.0.0.1:8002", "/kantei")
    assert hm["www.mofa.go.jp"].rewrite("https://www.mofa.go.jp/a/b.html?x=1") == "http://127.0.0.1:8001/a/b.html?x=1"
    assert parse_host_map(format_host_map(hm)) == hm
    assert parse_host_map({"www.state.gov": "127.0.0.1:9000"})["www.state.gov"].netloc == "127.0.0.1:9000"


@pytest.mark.parametrize("bad", ["www.kantei.go.jp", "www.kantei.go.jp=localhost", "www.kantei.go.jp=127.0.0.1:0",
                                 "bad host=127.0.0.1:80", "x.go.jp=127.0.0.1:70000"])
def test_unreadable_entries_are_named(bad: str) -> None:
    with pytest.raises(HostMapError, match="host map entry"):
        parse_host_map(bad)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict]:
    tmp = tmp_path_factory.mktemp("hostmap")
    (tmp / "probe.py").write_text(SPIDER)
    out = tmp / "out.jsonl"
    with MirrorProcess(MIRROR) as mirror:
        env = dict(os.environ, RDI_HOST_MAP=mirror.host_map, RDI_MIRROR_ONLY="1")
        res = subprocess.run(
            [sys.executable, "-m", "scrapy", "runspider", str(tmp / "probe.py"), "-O", str(out),
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=DEBUG",
             "-s", "ITEM_PIPELINES={}", "-s", "AUTOTHROTTLE_START_DELAY=0",
             "-s", "STATS_DUMP=True"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
    assert res.returncode == 0, res.stderr[-2000:]
    stats_text = res.stderr[res.stderr.rfind("Dumping Scrapy stats"):]
    return [json.loads(line) for line in out.read_text().splitlines()], {"log": res.stderr, "stats": stats_text}


def test_items_carry_real_urls_and_route(crawled: tuple[list[dict], dict]) -> None:
    items, _ = crawled
    urls = sorted(i["url"] for i in items)
    assert urls == ["https://www.example.go.jp/brd/view.do?seq=5&page=1", "https://www.example.go.jp/target.html"]
    assert {i["via"] for i in items} == {"mirror"}


def test_cookie_gate_and_redirect_stay_on_real_host(crawled: tuple[list[dict], dict]) -> None:
    items, run = crawled
    assert {i["h1"] for i in items} == {"View 5", "Target"}
    assert "127.0.0.1" not in "".join(line for line in run["log"].splitlines() if "Redirecting" in line)


def test_robots_of_mirror_is_obeyed(crawled: tuple[list[dict], dict]) -> None:
    _, run = crawled
    assert "'robotstxt/forbidden': " in run["stats"]
    assert "private/p.html> (referer" not in run["log"]  # never downloaded


def test_unmapped_host_refused_in_mirror_only_mode(crawled: tuple[list[dict], dict]) -> None:
    _, run = crawled
    assert "'rdi/unmapped_refused': 1" in run["stats"]  # its robots.txt request, refused locally
    assert "elsewhere.example.org/x.html> (referer" not in run["log"]
