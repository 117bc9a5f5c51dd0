"""A crawl orphaned by a killed ``rdi crawl`` keeps its source locked until it ends, and a refused
crawl names who holds the source (pid, scrapy pid, host, start) without erasing that record.

Real processes: ``rdi crawl`` of a site that holds every page (robots.txt aside) until the test
lets it go, so the ``scrapy crawl`` child stays alive; the parent alone is SIGKILLed (the OOM
killer picks the biggest process, ``kill -9 <pid>`` the one named), and a second ``rdi crawl``
of the same source must not start beside the orphan, which writes the same state database and
staging folder.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawlers.mirror import MirrorProcess
from pipeline.locks import read_lock
from tests.pipeline.schedule_support import RDI, env_for, mirror_root, rdi, write_home

SOURCE = "jp_kantei_statements_ja"
HOST = "www.kantei.go.jp"


class HeldSite:
    """A local site answering robots.txt at once and every other page only after :meth:`release`."""

    def __init__(self) -> None:
        self.asked = threading.Event()  # a page (not robots.txt) was requested
        self.released = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if not self.path.endswith("/robots.txt"):
                    site.asked.set()
                    site.released.wait(120)
                body = b"User-agent: *\nDisallow:\n" if self.path.endswith("/robots.txt") else b"gone"
                self.send_response(200 if self.path.endswith("/robots.txt") else 404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_a: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.host_map = f"{HOST}=127.0.0.1:{self.server.server_address[1]}/{HOST}"

    def release(self) -> None:
        """Answer the held requests and every later one at once."""
        self.released.set()


@pytest.fixture()
def held_site() -> Iterator[HeldSite]:
    site = HeldSite()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release()
        site.server.shutdown()
        site.server.server_close()


def _children(pid: int) -> list[int]:
    """PIDs of the live processes whose parent is ``pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie no longer holds files: its locks are released)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_a_second_crawl_is_refused_while_an_orphaned_crawl_runs(tmp_path: Path, held_site: HeldSite) -> None:
    home = write_home(tmp_path / "home")
    crawl = [RDI, "crawl", "--home", str(home), "--source", SOURCE, "--since", "2024-12-01"]
    parent = subprocess.Popen(crawl, env=env_for(held_site.host_map), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    orphan: int | None = None
    try:
        assert held_site.asked.wait(120), "the crawl never asked for a page"
        (orphan,) = _children(parent.pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _alive(orphan)

        with MirrorProcess(mirror_root(tmp_path / "site", SOURCE)) as mirror:
            env = env_for(mirror.host_map)
            second = rdi(*crawl[1:], env=env, timeout=300)
            # it crawled beside the orphan (exit 0): two writers of one state database and staging
            assert second.returncode == 1, second.stdout + second.stderr
            assert re.fullmatch(
                rf"error: {SOURCE}: {SOURCE} is already being crawled by scrapy pid {orphan} on "
                rf"{re.escape(socket.gethostname())} since \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00, "
                rf"orphaned by its rdi crawl \(pid {parent.pid}, no longer running\)",
                second.stderr.strip()), second.stderr

            held_site.release()
            deadline = time.monotonic() + 120
            while _alive(orphan):
                assert time.monotonic() < deadline, "the orphaned crawl did not end"
                time.sleep(0.1)
            third = rdi(*crawl[1:], env=env, timeout=300)
        assert third.returncode == 0, third.stdout + third.stderr
        assert list((home / "staging" / SOURCE).glob("*.jsonl"))
    finally:
        held_site.release()
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if orphan is not None and _alive(orphan):
            os.kill(orphan, signal.SIGKILL)


def test_a_refused_crawl_names_the_live_crawl_holding_the_source(tmp_path: Path, held_site: HeldSite) -> None:
    home = write_home(tmp_path / "home")
    lock_dir = home / "state" / "locks"
    crawl = [RDI, "crawl", "--home", str(home), "--source", SOURCE, "--since", "2024-12-01"]
    env = env_for(held_site.host_map)
    before = time.time()
    first = subprocess.Popen(crawl, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert held_site.asked.wait(120), "the crawl never asked for a page"
        (scrapy,) = _children(first.pid)
        holder = read_lock(lock_dir, SOURCE)
        # the lock file named nobody: rdi status and a refused crawl could not say who crawls
        assert (holder.held, holder.pid, holder.child, holder.host) == (
            True, first.pid, scrapy, socket.gethostname())
        assert holder.since is not None and before <= holder.since <= time.time()

        second = rdi(*crawl[1:], env=env, timeout=300)
        assert second.returncode == 1, second.stdout + second.stderr
        assert second.stderr.strip() == (
            f"error: {SOURCE}: {SOURCE} is already being crawled by pid {first.pid} (scrapy pid {scrapy}) "
            f"on {socket.gethostname()} since "
            f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(holder.since))}+00:00")
        # the refused crawl left the holder's record as it was
        assert read_lock(lock_dir, SOURCE) == holder
    finally:
        held_site.release()
        try:
            first.wait(120)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
