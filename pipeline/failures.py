"""Why a subprocess failed, in one short line, from what it wrote (stderr, a Scrapy log).

A crawl that dies before writing its health file (import error, bad setting, traceback,
killed) leaves its reason in stderr or, once Scrapy's logging is set up, in its log file.
:func:`failure_line` picks the line an operator needs: the exception line of the last
traceback, else the last ERROR/CRITICAL log message, else (for stderr) the last line that is
neither a log line nor a continuation; :func:`exit_reason` says how the process ended when it was
killed by a signal or wrote nothing useful.
"""

from __future__ import annotations

import re
import signal

#: A logging line: ``2026-12-07 17:00:19 [scrapy.core.engine] INFO: Spider opened`` (Scrapy's
#: format) or ``2026-12-07 17:00:19,123 ERROR message`` (the scheduler's text format).
_LOG = re.compile(
    r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\S*\s+(?:\[[^\]]*\]\s+)?"
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL):?\s*(?P<message>.*)$"
)
_TRACEBACK = "Traceback (most recent call last):"
MAX_CHARS = 300


def _clip(line: str, limit: int = MAX_CHARS) -> str:
    line = " ".join(line.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _exception_line(lines: list[str]) -> str | None:
    """The ``Type: message`` line closing the last traceback in ``lines``."""
    starts = [i for i, ln in enumerate(lines) if ln.strip() == _TRACEBACK]
    if not starts:
        return None
    for ln in lines[starts[-1] + 1:]:
        if ln.strip() and not ln[:1].isspace():
            return ln.strip()
    return None


def failure_line(text: str, *, any_line: bool = True, limit: int = MAX_CHARS) -> str | None:
    """The line of ``text`` that says why a process failed (clipped to ``limit``); None if none.

    With ``any_line=False`` (a log file, full of ordinary lines) only a traceback or an
    ERROR/CRITICAL message counts.
    """
    lines = [ln.rstrip() for ln in (text or "").splitlines() if ln.strip()]
    found = _exception_line(lines)
    if found is None:
        errors = [m["message"] for ln in lines if (m := _LOG.match(ln)) and m["level"] in ("ERROR", "CRITICAL")]
        found = next((e for e in reversed(errors) if e.strip()), None)
    if found is None and any_line:
        found = next((ln for ln in reversed(lines) if not _LOG.match(ln) and not ln[:1].isspace()), None)
    return _clip(found, limit) if found else None


def exit_reason(code: int | None, stderr: str, log: str = "") -> str:
    """One line: the failure named in ``stderr``, else the signal that killed the process, else
    the failure named in its ``log`` file, else the exit code."""
    found = failure_line(stderr)
    if found:
        return found
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return failure_line(log, any_line=False) or f"exit code {code}"
