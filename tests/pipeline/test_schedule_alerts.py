"""A source that returns 0 items: one webhook alert, a resolution notice once it recovers.

The webhook receiver is a real HTTP server on 127.0.0.1; the source is crawled by the real
spider from a local mirror of kantei as after a redesign (pages answer, none lists a
statement), then from the saved pages. Cycles run as cron or systemd would start them
(``rdi schedule once``); between them the health check (``rdi status --notify``) runs too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from crawlers.mirror import MirrorProcess
from tests.pipeline.schedule_support import (
    empty_kantei,
    env_for,
    mirror_root,
    rdi,
    steps,
    write_home,
)

A = "jp_kantei_statements_ja"


@pytest.fixture(scope="module")
def receiver() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def _posts(server: HTTPServer) -> list[dict[str, Any]]:
    return [json.loads(req.get_data()) for req, _ in server.log]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory, receiver: HTTPServer) -> SimpleNamespace:
    tmp = tmp_path_factory.mktemp("alerts")
    # crawl and load only: tagging loads the language models (~15 s), which this story does not need
    home = write_home(tmp / "home", schedule={"since": "2024-12-01", "retries": 0, "steps": ["crawl", "load"]},
                      alerts={"webhook": receiver.url_for("/hook"), "retries": 2, "backoff": 0.1})
    h = str(home)
    out = SimpleNamespace(home=home)
    with MirrorProcess(empty_kantei(tmp / "redesigned")) as mirror:
        env = env_for(mirror.host_map)
        out.broken = rdi("schedule", "once", "--source", A, "--home", h, env=env)
        out.after_broken = _posts(receiver)
        out.check = rdi("status", "--notify", "--home", h, env=env)
        out.after_check = _posts(receiver)
    with MirrorProcess(mirror_root(tmp / "site", A)) as mirror:
        env = env_for(mirror.host_map)
        out.fixed = rdi("schedule", "once", "--source", A, "--home", h, env=env)
        out.after_fixed = _posts(receiver)
        out.status = rdi("status", "--json", "--notify", "--home", h, env=env)
        out.final = _posts(receiver)
    out.log = [json.loads(line) for line in (home / "logs" / "alerts.jsonl").read_text().splitlines()]
    out.steps = steps(home)
    return out


def _about(posts: list[dict[str, Any]], kind: str) -> list[str]:
    return [p["rdi"]["event"] for p in posts if p["rdi"]["kind"] == kind and p["rdi"]["subject"] == A]


def test_zero_items_alert_sent_once(story: SimpleNamespace) -> None:
    assert story.broken.returncode == 1  # the cycle failed: the crawl found nothing
    assert _about(story.after_broken, "zero_items") == ["open"]
    post = next(p for p in story.after_broken if p["rdi"]["kind"] == "zero_items")
    assert set(post) == {"text", "rdi"} and A in post["text"] and "0 statements" in post["text"]
    assert story.check.returncode == 1  # rdi status: needs attention
    assert story.after_check == story.after_broken  # still broken: nothing sent again


def test_resolution_notice_after_recovery(story: SimpleNamespace) -> None:
    assert story.fixed.returncode == 0, story.fixed.stderr[-2000:]
    assert _about(story.after_fixed, "zero_items") == ["open", "resolved"]
    assert _about(story.after_fixed, "run_failed") == ["open", "resolved"]
    assert story.final == story.after_fixed  # nothing new after the next check
    assert story.status.returncode == 0
    st = json.loads(story.status.stdout)
    assert st["needs_attention"] is False and st["open_alerts"] == []
    (health,) = [x for x in st["health"] if x["source"] == A]
    assert health["last_status"] == "ok" and health["alerts"] == []


def test_alert_log(story: SimpleNamespace) -> None:
    zero = [(e["event"], e["key"]) for e in story.log if e["kind"] == "zero_items"]
    assert zero == [("open", f"source:{A}:zero_items"), ("resolved", f"source:{A}:zero_items")]


def test_history_of_both_cycles(story: SimpleNamespace) -> None:
    rows = [(s["step"], s["status"]) for s in story.steps]
    # broken: the crawl fails and the (empty) load still runs; recovered: both succeed
    assert rows == [("crawl", "failed"), ("load", "ok"), ("crawl", "ok"), ("load", "ok")]
    broken, fixed = story.steps[0], story.steps[2]
    assert broken["items_seen"] == 0 and "0 statements" in broken["exit_reason"]
    assert fixed["items_new"] == 3 and fixed["text_samples"] > 0 and fixed["text_ratio"] > 0
    assert story.steps[3]["items_new"] == 3  # loaded
