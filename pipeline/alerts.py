"""Alerts: a JSON-lines alert log and an optional Slack-compatible webhook.

:func:`evaluate` turns the status figures into alerts: per source ``zero_items`` (the last
crawl saw no statement where its cadence expects some), ``stale`` (no success for longer
than ``stale_factor`` x its cadence), ``error_spike`` (HTTP error share of the last crawl at
least ``error_share`` and ``error_factor`` x its usual), ``extraction_drift`` (the spider's text
length against a generic extractor's moved by ``drift_factor`` or more from its usual, or fell
below ``drift_floor``), ``run_failed`` (a step of the last cycle failed); ``unknown_source`` for a
source named in rdi.toml's ``[schedule]`` that crawlers/sources.toml no longer holds (it is not
crawled; a retired source's own history raises no alert); ``bad_schedule`` for a known source whose
rdi.toml ``[schedule.cron]`` line is not a cron expression (it is not scheduled); and ``index_alert`` for the months of
the latest ``index_months`` the index flags. Settings: ``[alerts]`` in rdi.toml;
the webhook also from ``RDI_ALERT_WEBHOOK``.

Each alert is identified by a stable key (``source:<id>:zero_items``, ``index:KR:JP:2026-08``).
:func:`sync_alerts` compares the alerts that hold now with those already open: a new one is
logged and sent once, a cleared one gets a resolution notice, an open one is left alone.
Delivery failures are retried with backoff and, if still failing, retried at the next sync;
an alert is never sent twice once delivered.
"""

from __future__ import annotations

import json
import math
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.files import write_atomic
from pipeline.config import Project, number_problem


@dataclass
class Alert:
    """A condition that needs attention."""

    key: str
    kind: str  # zero_items | stale | error_spike | extraction_drift | run_failed | unknown_source | bad_schedule | index_alert
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
    with urllib.request.urlopen(req, timeout=timeout) as resp:
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


def _save_state(project: Project, state: dict[str, dict[str, Any]]) -> None:
    write_atomic(_state_path(project), json.dumps(state, ensure_ascii=False, indent=1))


def open_alerts(project: Project) -> dict[str, dict[str, Any]]:
    """Alerts currently open (key -> record with ``opened_at`` and delivery flags)."""
    path = _state_path(project)
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


@dataclass
class AlertSettings:
    """``[alerts]`` of rdi.toml."""

    webhook: str | None = None
    stale_factor: float = 2.0
    error_share: float = 0.2
    error_factor: float = 2.0
    drift_factor: float = 2.0
    drift_floor: float = 0.1
    index_months: int = 2
    retries: int = 3
    backoff: float = 2.0

    @classmethod
    def from_project(cls, project: Project) -> AlertSettings:
        cfg = dict(project.config.get("alerts", {}) or {})
        unknown = sorted(set(cfg) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown [alerts] option(s) in rdi.toml: {', '.join(unknown)}")
        # a wrong type used to fail every alert check, on a server with run history, with a bare TypeError
        for key, value in cfg.items():
            if key == "webhook":
                if not isinstance(value, str):
                    raise ValueError(f"[alerts] webhook in rdi.toml must be a URL in quotes, not {value!r}")
                continue
            if problem := number_problem("alerts", key, value, integer=key in ("index_months", "retries")):
                raise ValueError(problem)
        out = cls(**cfg)
        out.webhook = os.environ.get("RDI_ALERT_WEBHOOK") or out.webhook
        return out


def _min_items() -> dict[str, int]:
    from pipeline.schedule import _registry

    return {sid: int(s.get("min_items_per_run", 0)) for sid, s in _registry().items()}


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def source_alerts(health: list[Any], settings: AlertSettings) -> list[Alert]:
    """Alerts that hold for the sources, from :class:`pipeline.status.SourceHealth` rows."""
    mins = _min_items()
    out: list[Alert] = []

    def add(h: Any, kind: str, message: str, **data: Any) -> None:
        out.append(Alert(f"source:{h.source}:{kind}", kind, h.source, message,
                         {"run_id": h.last_run_id, **data}))

    for h in health:
        if h.source not in mins:  # retired: its last run stays in the history, it is not crawled
            continue
        if h.last_status in ("ok", "failed") and h.last_items_seen == 0 and mins.get(h.source, 1) > 0:
            add(h, "zero_items", f"the last crawl ({h.last_run_at}) found 0 statements", exit_reason=h.last_exit_reason)
        if h.cadence_s and h.staleness_s is not None and h.staleness_s > settings.stale_factor * h.cadence_s:
            since = f"since {h.last_success}" if h.last_success else "ever"
            add(h, "stale", f"no successful crawl {since} ({_hours(h.staleness_s)}; "
                f"schedule {h.schedule} runs at least every {_hours(h.cadence_s)})", staleness_s=h.staleness_s)
        share = h.error_share
        if share is not None and share >= settings.error_share and share >= settings.error_factor * (h.usual_error_share or 0):
            usual = f"{h.usual_error_share:.0%}" if h.usual_error_share is not None else "n/a"
            add(h, "error_spike", f"{share:.0%} of the last crawl's requests failed (usual {usual})", error_share=share)
        ratio, usual_ratio = h.text_ratio, h.usual_text_ratio
        if ratio is not None:
            moved = (usual_ratio is not None and usual_ratio > 0 and ratio > 0
                     and abs(math.log(ratio / usual_ratio)) >= math.log(settings.drift_factor))
            if moved or ratio < settings.drift_floor:
                usual = f"{usual_ratio:.2f}" if usual_ratio is not None else "n/a"
                add(h, "extraction_drift", f"extracted text is {ratio:.2f} x a generic extractor's "
                    f"(usual {usual}): has the site been redesigned?", text_ratio=ratio)
        if h.last_failed_steps:
            add(h, "run_failed", f"the last cycle failed: {h.last_failed_steps}"[:400])
    return out


def config_alerts(project: Project) -> list[Alert]:
    """Sources named in rdi.toml's ``[schedule]`` that crawlers/sources.toml does not hold, and
    known sources whose ``[schedule.cron]`` line is not a cron expression."""
    from pipeline.schedule import bad_schedules, unknown_source_problems, unknown_sources

    return [Alert(f"config:{name}:unknown_source", "unknown_source", name, problem)
            for name, problem in zip(unknown_sources(project), unknown_source_problems(project), strict=True)] + [
        Alert(f"config:{name}:bad_schedule", "bad_schedule", name, problem)
        for name, problem in bad_schedules(project).items()]


def index_alerts(con: Any, settings: AlertSettings) -> list[Alert]:
    """Alerts of the index (the ``alerts`` view) for the latest ``index_months`` months."""
    from warehouse import sqlfiles

    out = []
    for month, actor, target, reason, rdi, hhr, expected, n_units in sqlfiles.query(
            con, "status/index_alerts", {"months": settings.index_months}):
        subject = f"{actor}->{target}"
        out.append(Alert(
            f"index:{actor}:{target}:{month}", "index_alert", subject,
            f"{month} {subject}: {reason} (RDI {rdi:.1f}, HHR {hhr:.3f} vs expected {expected:.3f}, {n_units} units)"
            if rdi is not None and hhr is not None and expected is not None else f"{month} {subject}: {reason}",
            {"month": month, "actor": actor, "target": target, "reason": reason},
        ))
    return out


def evaluate(project: Project, con: Any, health: list[Any]) -> list[Alert]:
    """Every alert that holds now (sources and index), from an open snapshot connection."""
    settings = AlertSettings.from_project(project)
    return source_alerts(health, settings) + config_alerts(project) + index_alerts(con, settings)


def check_alerts(project: Project, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """Evaluate the alerts on the current snapshot and sync them (log, webhook).

    Serialised by a lock, so the scheduler's checks, ``rdi schedule once`` and
    ``rdi status --notify`` never send the same alert twice.
    """
    from pipeline.locks import FileLock
    from pipeline.status import status

    settings = AlertSettings.from_project(project)
    lock = FileLock(project.state_dir / "locks", "alerts").acquire(wait=300)
    try:
        st = status(project, now=now)
        current = [Alert(**a) for a in st.alerts]
        oldest = _oldest_index_month(st.latest_index_month, settings.index_months)
        return sync_alerts(project, current, webhook=settings.webhook, retries=settings.retries,
                           backoff=settings.backoff, expire_before=oldest)
    finally:
        lock.release()


def _oldest_index_month(latest: str | None, months: int) -> str | None:
    if not latest:
        return None
    y, m = map(int, latest.split("-"))
    k = y * 12 + (m - 1) - (months - 1)
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def sync_alerts(
    project: Project,
    current: list[Alert],
    *,
    webhook: str | None = None,
    poster: Poster = post_json,
    retries: int = 3,
    backoff: float = 1.0,
    expire_before: str | None = None,
) -> list[dict[str, Any]]:
    """Open new alerts, resolve cleared ones; return the events written to the alert log.

    An index alert of a month before ``expire_before`` (YYYY-MM) that no longer shows is
    closed as ``expired`` (it aged out of the window; no notice is sent).
    """
    if webhook is None:
        webhook = os.environ.get("RDI_ALERT_WEBHOOK") or (project.config.get("alerts", {}) or {}).get("webhook")
    state = open_alerts(project)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    events: list[dict[str, Any]] = []
    live = {a.key: a for a in current}
    for key, alert in live.items():
        if key not in state:
            state[key] = {**asdict(alert), "opened_at": now, "sent_open": False}
            events.append({"event": "open", "at": now, **asdict(alert)})
    for key in [k for k in state if k not in live]:
        rec = state.pop(key)
        month = (rec.get("data") or {}).get("month")
        if rec["kind"] == "index_alert" and expire_before and month and month < expire_before:
            events.append({"event": "expired", "at": now, **{k: rec[k] for k in ("key", "kind", "subject", "message")},
                           "opened_at": rec["opened_at"]})
            continue
        events.append({"event": "resolved", "at": now, **{k: rec[k] for k in ("key", "kind", "subject", "message")},
                       "opened_at": rec["opened_at"], "_sent_open": rec.get("sent_open", False)})
    project.logs_dir.mkdir(parents=True, exist_ok=True)
    with open(project.logs_dir / "alerts.jsonl", "a", encoding="utf-8") as fh:
        fh.writelines(json.dumps({k: v for k, v in ev.items() if not k.startswith("_")}, ensure_ascii=False) + "\n" for ev in events)
    _save_state(project, state)  # the log and the state agree before anything is sent
    if webhook:
        changed = False
        for rec in state.values():
            if not rec.get("sent_open"):
                text = f":rotating_light: rdi alert [{rec['kind']}] {rec['subject']}: {rec['message']}"
                body = {k: v for k, v in rec.items() if k != "sent_open"}
                rec["sent_open"] = _deliver(webhook, {"text": text, "rdi": {"event": "open", **body}},
                                            poster, retries, backoff)
                changed = True
        for ev in events:
            if ev["event"] == "resolved" and ev.get("_sent_open"):
                text = f":white_check_mark: rdi resolved [{ev['kind']}] {ev['subject']}: {ev['message']}"
                _deliver(webhook, {"text": text, "rdi": {k: v for k, v in ev.items() if not k.startswith("_")}},
                         poster, retries, backoff)
        if changed:
            _save_state(project, state)
    return [{k: v for k, v in ev.items() if not k.startswith("_")} for ev in events]
