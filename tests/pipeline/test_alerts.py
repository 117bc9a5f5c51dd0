"""Alert log and webhook: each alert sent once, a resolution notice when it clears."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from pipeline.alerts import Alert, sync_alerts
from pipeline.config import Project

ZERO = Alert("source:kr_mofa_briefings_en:zero_items", "zero_items", "kr_mofa_briefings_en", "0 items in the last run")


def test_sent_once_then_resolved(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    url = httpserver.url_for("/hook")
    project = Project(home=tmp_path)
    sync_alerts(project, [ZERO], webhook=url)
    sync_alerts(project, [ZERO], webhook=url)  # still open: not sent again
    sync_alerts(project, [], webhook=url)  # cleared
    bodies = [json.loads(req.get_data()) for req, _ in httpserver.log]
    assert [b["rdi"]["event"] for b in bodies] == ["open", "resolved"]
    assert "kr_mofa_briefings_en" in bodies[0]["text"]
    log = [json.loads(line) for line in (tmp_path / "logs" / "alerts.jsonl").read_text().splitlines()]
    assert [e["event"] for e in log] == ["open", "resolved"]


def test_failed_delivery_is_retried_at_next_sync(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("down", status=503)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    url = httpserver.url_for("/hook")
    project = Project(home=tmp_path)
    for _ in range(3):
        sync_alerts(project, [ZERO], webhook=url, retries=0)
    statuses = [resp.status_code for _, resp in httpserver.log]
    assert statuses == [503, 200]  # failed once, delivered at the next sync, then never again
