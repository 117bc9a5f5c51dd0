"""Alerts: a JSON-lines alert log and an optional Slack-compatible webhook.

Each alert is identified by a stable key (``source:<id>:zero_items``, ``index:KR:JP:2026-08``).
:func:`sync_alerts` compares the alerts that hold now with those already open: a new one is
logged and sent once, a cleared one gets a resolution notice, an open one is left alone.
Delivery failures are retried with backoff and, if still failing, retried at the next sync;
an alert is never sent twice once delivered.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.config import Project


@dataclass
class Alert:
    """A condition that needs attention."""

    key: str
    kind: str  # zero_items | stale | error_spike | extraction_drift | index_alert
    subject: str  # source id or "KR->JP"
    message: str
    data: dict[str, Any] = field(default_factory=dict)


Poster = Callable[[str, dict[str, Any]], None]


def post_json(url: str, payload: dict[str, Any], timeout: float = 10.0) -> None:
    """POST ``payload`` as JSON; raise on a non-2xx answer or a network error."""
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "rdi-alerts"}, method="POST",
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - URL from config
        if not 200 <= resp.status < 300:
            raise urllib.error.HTTPError(url, resp.status, "webhook refused", resp.headers, None)


def _deliver(url: str, payload: dict[str, Any], poster: Poster, retries: int, backoff: float) -> bool:
    for attempt in range(retries + 1):
        try:
            poster(url, payload)
            return True
        except (OSError, urllib.error.URLError):
            if attempt < retries:
                time.sleep(backoff * 2**attempt)
    return False


def _state_path(project: Project) -> Path:
    return project.state_dir / "alerts.json"


def open_alerts(project: Project) -> dict[str, dict[str, Any]]:
    """Alerts currently open (key -> record with ``opened_at`` and delivery flags)."""
    path = _state_path(project)
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def sync_alerts(
    project: Project,
    current: list[Alert],
    *,
    webhook: str | None = None,
    poster: Poster = post_json,
    retries: int = 3,
    backoff: float = 1.0,
) -> list[dict[str, Any]]:
    """Open new alerts, resolve cleared ones; return the events written to the alert log."""
    webhook = webhook if webhook is not None else project.config.get("alerts", {}).get("webhook")
    state = open_alerts(project)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    events: list[dict[str, Any]] = []
    live = {a.key: a for a in current}
    for key, alert in live.items():
        if key not in state:
            state[key] = {**asdict(alert), "opened_at": now, "sent_open": False}
            events.append({"event": "open", "at": now, **asdict(alert)})
    for key in [k for k in state if k not in live]:
        rec = state.pop(key)
        events.append({"event": "resolved", "at": now, **{k: rec[k] for k in ("key", "kind", "subject", "message")},
                       "opened_at": rec["opened_at"], "_sent_open": rec.get("sent_open", False)})
    project.logs_dir.mkdir(parents=True, exist_ok=True)
    with open(project.logs_dir / "alerts.jsonl", "a", encoding="utf-8") as fh:
        for ev in events:
            fh.write(json.dumps({k: v for k, v in ev.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
    if webhook:
        for key, rec in state.items():
            if not rec.get("sent_open"):
                text = f":rotating_light: rdi alert [{rec['kind']}] {rec['subject']}: {rec['message']}"
                rec["sent_open"] = _deliver(webhook, {"text": text, "rdi": {"event": "open", **rec}}, poster, retries, backoff)
        for ev in events:
            if ev["event"] == "resolved" and ev.get("_sent_open"):
                text = f":white_check_mark: rdi resolved [{ev['kind']}] {ev['subject']}: {ev['message']}"
                _deliver(webhook, {"text": text, "rdi": {k: v for k, v in ev.items() if not k.startswith("_")}}, poster, retries, backoff)
    path = _state_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)
    return [{k: v for k, v in ev.items() if not k.startswith("_")} for ev in events]
