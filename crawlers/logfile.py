"""The Scrapy log file when it cannot be written (disk full): named once, and the crawl's
warnings and errors sent on to stderr so the reason a crawl stops is not lost."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

#: Stats key of a Scrapy log file that could not be written: its one-line reason.
LOG_WRITE_ERROR = "rdi/log_write_error"


class _LogFileFailure:
    """``handleError`` of the Scrapy log file's handler: a write that fails (disk full) is named
    once on stderr, and warnings and errors go on there, so the reason a crawl stops is not lost
    behind a bare ``OSError: [Errno 28] No space left on device`` traceback per log line."""

    def __init__(self, handler: logging.FileHandler, stats: Any) -> None:
        self.handler, self.stats = handler, stats
        self.default = handler.handleError
        self.failed = False

    def __call__(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            self.default(record)
            return
        lines = []
        if not self.failed:
            self.failed = True
            message = f"log file {self.handler.baseFilename} could not be written ({exc.strerror or exc})"
            self.stats.set_value(LOG_WRITE_ERROR, message)
            lines.append(logging.makeLogRecord({"name": "rdi.crawl", "levelno": logging.ERROR, "levelname": "ERROR",
                                                "msg": message}))
        if record.levelno >= logging.WARNING:
            lines.append(record)
        try:
            sys.stderr.write("".join(self.handler.format(r) + "\n" for r in lines))
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging never raises
            pass


def name_log_file_failures(crawler: Any) -> None:
    """Let the handler of ``LOG_FILE`` name its file when it cannot write (see :class:`_LogFileFailure`)."""
    path = crawler.settings.get("LOG_FILE")
    for handler in logging.getLogger().handlers if path else []:
        if isinstance(handler, logging.FileHandler) and handler.baseFilename == os.path.abspath(path):
            handler.handleError = _LogFileFailure(handler, crawler.stats)  # type: ignore[method-assign]
