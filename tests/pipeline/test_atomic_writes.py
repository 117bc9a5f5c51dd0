"""Every state file rdi rewrites goes through :func:`crawlers.files.write_atomic`: a write that
fails half-way (a full disk, here a file-size limit: EFBIG as a full disk gives ENOSPC) leaves the
file as it was, leaves no temporary file behind, and raises an error naming the file.

Each writer runs for real in a subprocess whose files cannot grow past a few hundred bytes; the
file it rewrites exists (larger) before the limit is set.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crawlers.files import write_atomic

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 300
OLD = '{"old": "' + "o" * 1000 + '"}'

#: writer -> (file it rewrites, relative to the home; code that rewrites it with more than LIMIT bytes)
WRITERS = {
    "alerts": ("state/alerts.json", """
        from pipeline.alerts import _save_state
        _save_state(project, {"source:x:stale": {"message": "m" * 2000}})
    """),
    "schedule": ("state/schedule.json", """
        from types import SimpleNamespace
        from pipeline.schedule import CycleRunner
        CycleRunner(project)._remember(SimpleNamespace(source="s" * 2000, started_at="2026-12-07T00:00:00Z",
                                                       status="ok"))
    """),
    "history": ("state/run_steps.jsonl", """
        from pipeline.history import _drop_prefix
        _drop_prefix(project.state_dir / "run_steps.jsonl", 10)
    """),
    "audit packet": ("audit/r1/coder.csv", """
        from pipeline.audit.packets import _write
        _write(project.home / "audit" / "r1" / "coder.csv", "unit_id,labels\\n" + "u,H1\\n" * 500)
    """),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_write_that_fails_half_way_keeps_the_old_file_and_names_it(tmp_path: Path, writer: str) -> None:
    rel, code = WRITERS[writer]
    home = tmp_path / "home"
    target = home / rel
    target.parent.mkdir(parents=True)
    (home / "state" / "locks").mkdir(parents=True, exist_ok=True)
    target.write_text(OLD, "utf-8")
    script = textwrap.dedent("""
        import resource, signal, sys
        from pipeline.config import load_project
        project = load_project(sys.argv[1])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, resource.RLIM_INFINITY))
        try:
    """).format(limit=LIMIT) + textwrap.indent(textwrap.dedent(code), "    ") + textwrap.dedent("""
        except OSError as exc:
            print(exc.errno, exc)
    """)
    res = subprocess.run([sys.executable, "-c", script, str(home)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split(" ", 1)[0] == str(errno.EFBIG), res.stdout
    assert str(target) in res.stdout, res.stdout  # the file, not a temporary name or nothing
    assert target.read_text("utf-8") == OLD
    assert sorted(p.name for p in target.parent.iterdir() if p.is_file()) == [target.name]  # no temporary left


def test_text_and_bytes_are_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "sheet.csv"
    write_atomic(path, "a,b\r\n한국,日本\r\n", encoding="utf-8-sig", newline="")
    assert path.read_bytes() == "\ufeffa,b\r\n한국,日本\r\n".encode()
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert [p.name for p in path.parent.iterdir()] == ["sheet.csv"]


def test_a_value_that_cannot_be_encoded_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(OLD, "utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "x" * 10000 + "한국", encoding="ascii")
    assert path.read_text("utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
