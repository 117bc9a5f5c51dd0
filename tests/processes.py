"""Helpers for tests that kill a real process part-way through its work."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def kill_when_file_appears(proc: subprocess.Popen, folder: Path, pattern: str, what: str,
                           *, timeout: float = 60.0, poll: float = 0.005) -> None:
    """SIGKILL ``proc`` as soon as a file matching ``pattern`` appears in ``folder``, and reap it.

    Fails the test when ``proc`` exits first or nothing appears within ``timeout`` seconds
    (``what`` names the process in that message)."""
    try:
        deadline = time.monotonic() + timeout
        while not list(folder.glob(pattern)):
            assert proc.poll() is None and time.monotonic() < deadline, f"{what} never started"
            time.sleep(poll)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
