"""Writing a file so that readers see the old one or the whole new one, never half of one.

:func:`write_atomic` is the one place rdi does this (health files, the alert and schedule state,
the run-history journal, audit packets, reports, export manifests); files written by someone
else to a temporary name (DuckDB's export tables and the warehouse snapshot, Chromium's PDF) are
put in place with :func:`replace_durably`, which write_atomic uses too. Both live here, in the
lowest package (``nlp`` imports ``crawlers``, ``warehouse`` imports ``nlp``, ``pipeline`` all
three), so that every package can import them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write ``data`` (text in ``encoding``, or bytes) to ``path`` so that readers see the old file
    or the whole new one: a temporary file beside it (``.<name>.<pid>.tmp``), fsynced, then renamed
    over it, and the folder fsynced so the rename survives a power cut. A write that fails (disk
    full) leaves ``path`` as it was, removes the temporary file and raises an ``OSError`` naming
    ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with _removed_on_failure(tmp, path):
        if isinstance(data, bytes):
            fh = open(tmp, "wb")  # noqa: SIM115 - closed below
        else:
            fh = open(tmp, "w", encoding=encoding, newline=newline)  # noqa: SIM115
        with fh:
            fh.write(data)
    replace_durably(tmp, path)


def replace_durably(tmp: Path, path: Path) -> None:
    """Put the finished file ``tmp`` in place of ``path`` so that the rename survives a power
    cut: ``tmp`` fsynced, renamed over ``path``, the folder fsynced. If that fails, ``path`` is as
    it was, ``tmp`` is removed and the ``OSError`` raised names ``path``."""
    with _removed_on_failure(tmp, path):
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    _fsync_folder(path.parent)


@contextlib.contextmanager
def _removed_on_failure(tmp: Path, path: Path) -> Iterator[None]:
    """On any failure inside, remove ``tmp``; an ``OSError`` is raised again naming ``path``."""
    try:
        yield
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: some file systems refuse it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
