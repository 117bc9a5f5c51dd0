"""Run health: a source yielding 0 statements where its cadence expects some is a failure."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crawlers.health import summarise
from crawlers.mirror import MirrorProcess
from tests.crawlers.conftest import crawl_mirror, write_config

SRC = "jp_kantei_statements_ja"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def empty_site(tmp_path):
    """kantei as after a redesign: feed without statement items, hub without section links."""
    host = tmp_path / "site" / "www.kantei.go.jp"
    host.mkdir(parents=True)
    (host / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (host / "index-jnews.rdf").write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    (host / "index.html").write_text("<html><body><p>リニューアルしました</p></body></html>")
    return tmp_path / "site"


def test_zero_items_fail_the_run(empty_site, tmp_path):
    run = crawl_mirror(SRC, empty_site, tmp_path / "home", since="2026-08-01")
    assert (run.result.ok, run.result.health["finish_reason"]) == (False, "finished")


def test_zero_items_problem_is_explained(empty_site, tmp_path):
    run = crawl_mirror(SRC, empty_site, tmp_path / "home", since="2026-08-01")
    assert "0 statements where at least 1 are expected" in run.result.problems


def test_health_file_written(empty_site, tmp_path):
    run = crawl_mirror(SRC, empty_site, tmp_path / "home", since="2026-08-01")
    files = list((tmp_path / "home" / "logs" / "health" / SRC).glob("*.json"))
    assert [f.stem for f in files] == [run.result.run_id]


def test_cli_exit_status_on_failed_source(empty_site, tmp_path):
    home = tmp_path / "home"
    write_config(home)
    with MirrorProcess(empty_site) as mirror:
        proc = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "crawl", "--source", SRC,
                               "--since", "2026-08-01", "--home", str(home)], capture_output=True, text=True, cwd=ROOT,
                              env={**__import__("os").environ, "RDI_HOST_MAP": mirror.host_map, "COLUMNS": "200"})
    assert (proc.returncode, "FAILED" in proc.stdout) == (1, True)


def test_summary_counts():
    stats = {"downloader/request_count": 5, "downloader/response_status_count/200": 4, "downloader/response_status_count/404": 1,
             "rdi/items_new": 2, "rdi/items_unchanged": 1, "rdi/empty_bodies": 1, "rdi/statements_discovered": 3}
    h = summarise(stats, SRC, "finished", 1)
    assert (h["requests"], h["statuses"], h["items_new"], h["items_unchanged"], h["empty_bodies"], h["ok"]) == (
        5, {"200": 4, "404": 1}, 2, 1, 1, True)


def test_unchanged_source_is_not_a_failure():
    h = summarise({"rdi/statements_discovered": 25, "rdi/detail_skipped_known": 25}, SRC, "finished", 1)
    assert h["ok"] is True


def test_parse_errors_fail():
    assert summarise({"rdi/items_new": 3, "spider_exceptions/count": 2}, SRC, "finished", 1)["ok"] is False


def test_killed_run_fails():
    assert summarise({"rdi/items_new": 3}, SRC, "shutdown", 1)["problems"] == ["spider ended with 'shutdown'"]


def test_some_discovery_urls_failing_is_a_warning():
    h = summarise({"rdi/items_new": 3, "rdi/discovery_failed": 1, "rdi/discovery_urls": 2}, SRC, "finished", 1)
    assert (h["ok"], h["warnings"]) == (True, ["1 of 2 discovery URL(s) failed"])


def test_a_log_file_that_could_not_be_written_is_a_warning():
    h = summarise({"rdi/items_new": 3, "rdi/log_write_error": "log file /x.log could not be written (File too large)"},
                  SRC, "finished", 1)
    assert (h["ok"], h["warnings"]) == (True, ["log file /x.log could not be written (File too large); "
                                               "its warnings and errors went to stderr"])


def test_health_file_is_whole_or_the_previous_one(tmp_path):
    """A health write that fails part-way (a file-size limit, as a full disk) leaves the file as
    it was, with no temporary file beside it, and names the file; it used to leave half a JSON."""
    path = tmp_path / "health" / "run.json"
    script = textwrap.dedent(f"""
        import json, resource, signal
        from scrapy.utils.test import get_crawler
        from crawlers.health import HealthStats
        crawler = get_crawler(settings_dict={{"RDI_HEALTH_FILE": {str(path)!r}}})
        spider = type("Spider", (), {{"name": {SRC!r}}})()
        HealthStats(crawler).closed(spider, "finished")
        first = json.loads(open({str(path)!r}).read())
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, resource.RLIM_INFINITY))
        try:
            HealthStats(crawler).closed(spider, "shutdown")
        except OSError as exc:
            print(exc)
        assert json.loads(open({str(path)!r}).read()) == first
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                         cwd=Path(__file__).resolve().parents[2])
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"[Errno 27] File too large: '{path}'"
    assert [p.name for p in path.parent.iterdir()] == ["run.json"]
