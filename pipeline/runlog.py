"""Structured logs of the scheduler: one event per line, every line carrying its run id.

``rdi schedule run --log-format json`` writes JSON lines to stderr (journald or a log file
collects them; rotation is left to the OS); ``text`` writes readable lines. Each cycle also
gets its own JSON-lines file ``<home>/logs/runs/<source>/<run_id>.jsonl`` with its events,
and the output of each step's subprocess beside it (``<run_id>.<step>.log``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

LOGGER = "rdi.schedule"


def _json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(created)f %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "message": "event"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        extra = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        tail = " ".join(f"{k}={v}" for k, v in extra.items() if v is not None)
        return f"{base} {tail}".rstrip()


def setup_logging(fmt: str = "text", level: int = logging.INFO) -> logging.Logger:
    """Send the scheduler's events to stderr as ``json`` or ``text`` lines."""
    if fmt not in ("json", "text"):
        raise ValueError(f"--log-format must be json or text, not {fmt!r}")
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level)
    for h in list(logger.handlers):
        if getattr(h, "_rdi_stderr", False):
            logger.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._rdi_stderr = True  # type: ignore[attr-defined]
    handler.setFormatter(_json_formatter() if fmt == "json" else _TextFormatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    # APScheduler's own messages in the same format; its "skipped: maximum number of running
    # instances" warning is already logged (and recorded) by the scheduler as a skipped cycle
    aps = logging.getLogger("apscheduler")
    for h in list(aps.handlers):
        if getattr(h, "_rdi_stderr", False):
            aps.removeHandler(h)
    aps.addHandler(handler)
    aps.setLevel(logging.ERROR)
    aps.propagate = False
    return logger


class RunLog:
    """The events of one cycle: to the scheduler's logger and the run's own JSON-lines file."""

    def __init__(self, logs_dir: Path, run_id: str, source: str) -> None:
        self.run_id = run_id
        self.source = source
        self.dir = logs_dir / "runs" / source
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / f"{run_id}.jsonl"
        self._file = logging.FileHandler(self.path, encoding="utf-8")
        self._file.setFormatter(_json_formatter())
        self._main = logging.getLogger(LOGGER)

    def step_log(self, step: str) -> Path:
        """Where the subprocess output of ``step`` goes."""
        return self.dir / f"{self.run_id}.{step}.log"

    def event(self, event: str, step: str | None = None, level: int = logging.INFO, **data: Any) -> None:
        """Log ``event`` with the run id, source, step and ``data`` as fields."""
        clash = set(data) & _STANDARD
        if clash:
            raise ValueError(f"log field name(s) reserved by logging: {sorted(clash)}")
        extra = {"run_id": self.run_id, "source": self.source, "step": step, **data}
        record = self._main.makeRecord(LOGGER, level, __file__, 0, event, (), None, extra=extra)
        self._file.handle(record)
        if self._main.isEnabledFor(level):
            self._main.handle(record)

    def close(self) -> None:
        """Close the run's file."""
        self._file.close()

