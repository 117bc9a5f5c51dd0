"""Locks: a live holder is respected, a dead holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.locks import FileLock, LockBusy, read_lock

HOLD = """
import sys, time
from pipeline.locks import FileLock
FileLock(sys.argv[1], "source-x").acquire()
print("held", flush=True)
time.sleep(60)
"""


def _holder(lock_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(lock_dir)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_live_lock_is_respected(tmp_path: Path) -> None:
    proc = _holder(tmp_path)
    try:
        with pytest.raises(LockBusy, match=f"pid {proc.pid}"):
            FileLock(tmp_path, "source-x").acquire()
        assert read_lock(tmp_path, "source-x").held is True
    finally:
        proc.kill()
        proc.wait()


def test_stale_lock_of_killed_process_is_taken_over(tmp_path: Path) -> None:
    proc = _holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    info = read_lock(tmp_path, "source-x")
    assert info.held is False and info.pid == proc.pid  # file left behind, nobody holds it
    with FileLock(tmp_path, "source-x"):
        assert read_lock(tmp_path, "source-x").pid == os.getpid()


def test_wait_times_out(tmp_path: Path) -> None:
    with FileLock(tmp_path, "w"):
        t0 = time.monotonic()
        with pytest.raises(LockBusy):
            FileLock(tmp_path, "w").acquire(wait=0.3)
        assert time.monotonic() - t0 >= 0.3


def test_with_after_acquire_holds_once(tmp_path: Path) -> None:
    with FileLock(tmp_path, "j").acquire(wait=1):
        assert read_lock(tmp_path, "j").held
    assert not read_lock(tmp_path, "j").held


def test_held_locks_lists_live_holders_only_and_never_blocks_a_taker(tmp_path: Path) -> None:
    """The listing reads the kernel's table: a lock left by a killed holder is not listed, a live
    one is, with its recorded pid; and while it lists, a non-blocking taker is never refused."""
    import threading

    from pipeline.locks import held_by, held_locks

    dead = _holder(tmp_path)
    os.kill(dead.pid, signal.SIGKILL)
    dead.wait()
    (tmp_path / "source-x.lock").rename(tmp_path / "left-behind.lock")
    live = _holder(tmp_path)
    try:
        listed = held_locks(tmp_path)
        assert [(i.name, i.pid) for i in listed] == [("source-x", live.pid)]
        assert held_by(listed[0]).startswith(f"by pid {live.pid} on ")
        stop, refused = threading.Event(), []

        def list_all_the_time() -> None:
            while not stop.is_set():
                held_locks(tmp_path)

        lister = threading.Thread(target=list_all_the_time)
        lister.start()
        try:
            for _ in range(2000):
                try:
                    FileLock(tmp_path, "left-behind").acquire().release()
                except LockBusy:
                    refused.append(1)
        finally:
            stop.set()
            lister.join()
        assert refused == []
    finally:
        live.kill()
        live.wait()
    assert held_locks(tmp_path) == []


ORPHAN = """
import fcntl, json, os, socket, sys, time
from pathlib import Path
path = Path(sys.argv[1]) / "source-x.lock"
fd = os.open(path, os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
child = os.fork()
if child == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    time.sleep(60)
    os._exit(0)
os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                         "child": child}).encode())
print(child, flush=True)
os._exit(0)
"""


def test_held_locks_lists_a_lock_the_kernel_table_does_not_show(tmp_path: Path, monkeypatch) -> None:
    """Inside a PID namespace (a container) /proc/locks hides a lock whose taker has exited, as when
    rdi crawl dies and its Scrapy child keeps the source's lock; on btrfs its device differs from
    stat()'s. A lock whose recorded holder still runs is then probed, not reported as free."""
    from pipeline import locks

    proc = subprocess.run([sys.executable, "-c", ORPHAN, str(tmp_path)], capture_output=True, text=True, timeout=30)
    child = int(proc.stdout.strip())
    try:
        monkeypatch.setattr(locks, "_kernel_flocks", lambda: set())  # the table as such a container shows it
        listed = locks.held_locks(tmp_path)
        assert [(i.name, i.child) for i in listed] == [("source-x", child)]
        assert "orphaned by its rdi crawl" in locks.held_by(listed[0])
    finally:
        os.kill(child, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while locks.pid_alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert locks.held_locks(tmp_path) == []
