"""Crash-safe inter-process locks (``fcntl.flock`` on files under ``<home>/state/locks/``).

A lock held by a live process is respected; a lock left behind by a dead process is taken
over automatically, because the kernel releases ``flock`` locks when their holder dies (also on
SIGKILL). The holder's PID, host and start time are written into the file for ``rdi status``.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class LockBusy(RuntimeError):
    """The lock is held by another live process."""


@dataclass
class LockInfo:
    """Who holds (or last held) a lock."""

    name: str
    pid: int | None
    host: str | None
    since: float | None
    held: bool
    child: int | None = None  # a child process sharing the lock (an rdi crawl's scrapy crawl)


def holder(**extra: Any) -> dict[str, Any]:
    """This process as a lock's holder: its pid, host and the time now (and ``extra``)."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(), **extra}


def write_holder(fd: int, info: dict[str, Any]) -> None:
    """Record ``info`` (see :func:`holder`) in the lock file ``fd``, whose lock this process holds."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)


class FileLock:
    """A named, non-blocking exclusive lock; use as a context manager."""

    def __init__(self, lock_dir: Path, name: str) -> None:
        self.path = Path(lock_dir) / f"{name}.lock"
        self.name = name
        self._fd: int | None = None

    def acquire(self, *, wait: float = 0.0, poll: float = 0.1) -> FileLock:
        """Take the lock, waiting up to ``wait`` seconds; raise :class:`LockBusy` otherwise."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    held_by = read_lock(self.path.parent, self.name)
                    raise LockBusy(
                        f"{self.name} is locked by pid {held_by.pid} on {held_by.host}"
                    ) from None
                time.sleep(poll)
        write_holder(fd, holder())
        self._fd = fd
        return self

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        """Take the lock (no wait), unless ``acquire`` already did: ``with lock.acquire(wait=5):``."""
        return self if self._fd is not None else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(lock_dir: Path, name: str) -> LockInfo:
    """Describe a lock: whether a live process holds it, and the last holder written in it."""
    path = Path(lock_dir) / f"{name}.lock"
    if not path.exists():
        return LockInfo(name, None, None, None, held=False)
    data: dict[str, Any] = {}
    try:
        data = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        data = {}
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            held = False
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            held = True
    finally:
        os.close(fd)
    return LockInfo(name, data.get("pid"), data.get("host"), data.get("since"), held=held,
                    child=data.get("child"))
