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
from datetime import UTC, datetime
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


def _record(path: Path) -> dict[str, Any]:
    """The holder a lock file records ({} when it is empty or unreadable)."""
    try:
        data = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_lock(lock_dir: Path, name: str) -> LockInfo:
    """Describe a lock: whether a live process holds it, and the last holder written in it.

    It finds out by trying a shared lock for an instant, which a non-blocking taker could meet at
    that very instant; :func:`held_locks` reads the kernel's table instead where there is one."""
    path = Path(lock_dir) / f"{name}.lock"
    if not path.exists():
        return LockInfo(name, None, None, None, held=False)
    data = _record(path)
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
    return _info(name, data, held)


def _info(name: str, data: dict[str, Any], held: bool) -> LockInfo:
    """A lock's description from its record (:func:`_record`) and whether it is held."""
    return LockInfo(name, data.get("pid"), data.get("host"), data.get("since"), held=held, child=data.get("child"))


def _kernel_flocks() -> set[tuple[int, int, int]] | None:
    """(major, minor, inode) of every file a process holds an ``flock`` on, from Linux's
    ``/proc/locks``; None where there is no such table."""
    try:
        lines = Path("/proc/locks").read_text("ascii", "replace").splitlines()
    except OSError:
        return None
    held = set()
    for line in lines:
        parts = line.split()
        # "1: FLOCK  ADVISORY  WRITE 2953 fe:00:2179662 0 EOF"; waiters have "->" after the number
        if len(parts) >= 6 and parts[1] == "FLOCK":
            try:
                major, minor, inode = parts[5].split(":")
                held.add((int(major, 16), int(minor, 16), int(inode)))
            except ValueError:
                continue
    return held


def held_locks(lock_dir: Path) -> list[LockInfo]:
    """The locks under ``lock_dir`` that a live process holds now, each with its recorded holder.

    Read without touching the locks: from the kernel's table of held ``flock`` locks
    (``/proc/locks``), else by :func:`read_lock`'s instant probe."""
    kernel = _kernel_flocks()
    out = []
    for path in sorted(Path(lock_dir).glob("*.lock")):
        name = path.name.removesuffix(".lock")
        if kernel is None:
            info = read_lock(lock_dir, name)
        else:
            try:
                st = path.stat()
            except OSError:
                continue
            info = _info(name, _record(path), (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino) in kernel)
            if not info.held and _orphaned_here(info):
                # inside a PID namespace (a container) the table hides a lock whose taker has exited:
                # a crawl orphaned by its rdi crawl, whose Scrapy child holds on; probe that one
                info.held = read_lock(lock_dir, name).held
        if info.held:
            out.append(info)
    return out


def _orphaned_here(info: LockInfo) -> bool:
    """Whether a lock records a holder of this host that has exited and a child that runs."""
    if not all(isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in (info.pid, info.child)):
        return False
    return not _alive_here(info, info.pid) and pid_alive(info.child)


def _alive_here(info: LockInfo, pid: int) -> bool:
    """Whether ``pid`` (recorded in ``info``) still runs; true when it ran on another host."""
    return info.host != socket.gethostname() or pid_alive(pid)


def held_by(info: LockInfo) -> str:
    """Who holds a lock, from its record: ``by pid 12 (scrapy pid 34) on host since …``; a crawl
    whose ``rdi crawl`` died is named by its orphaned Scrapy child."""
    ended = "" if info.held else " (it has just ended: try again)"
    if info.pid is None:
        return "by a process that has not recorded itself" + ended
    since = (datetime.fromtimestamp(info.since, UTC).isoformat(timespec="seconds")
             if isinstance(info.since, int | float) else "an unknown time")
    if info.child is not None and not _alive_here(info, info.pid):
        return (f"by scrapy pid {info.child} on {info.host} since {since}, "
                f"orphaned by its rdi crawl (pid {info.pid}, no longer running){ended}")
    scrapy = f" (scrapy pid {info.child})" if info.child is not None else ""
    return f"by pid {info.pid}{scrapy} on {info.host} since {since}{ended}"
