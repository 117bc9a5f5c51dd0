"""Feed storage that writes each exported line straight to the file, whole or not at all.

A crawl killed mid-run then loses no item it has already reported as scraped, which the
state store relies on (an item is marked seen only after it was exported). A line that cannot
be written (disk full, file-size limit, read-only file system) is cut off again, so the
staging file never ends in half a record, and the failure is counted in the stats
(``rdi/feed_write_errors``, ``rdi/feed_write_error``): the version pipeline then forgets the
item instead of marking it seen, and stops the crawl (``crawlers/pipelines/version.py``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

#: Stats keys of a failed write: how many, and the last one's one-line reason.
WRITE_ERRORS = "rdi/feed_write_errors"
WRITE_ERROR = "rdi/feed_write_error"


class _WholeLineFile(io.FileIO):
    """An unbuffered file whose ``write`` writes everything or leaves the file as it was."""

    def __init__(self, path: Path, mode: str, stats: Any) -> None:
        super().__init__(path, mode.replace("b", ""))
        self._stats = stats

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        start = self.seek(0, os.SEEK_END)
        done = 0
        try:
            while done < len(view):
                n = super().write(view[done:])
                if not n:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                done += n
        except OSError as exc:
            with contextlib.suppress(OSError):
                self.truncate(start)  # shrinking a file works on a full disk too
            if self._stats is not None:
                self._stats.inc_value(WRITE_ERRORS)
                self._stats.set_value(WRITE_ERROR, f"staging file {self.name} could not be written "
                                                   f"({exc.strerror or exc})")
            raise
        return done


class FlushingFileFeedStorage(FileFeedStorage):
    """``FileFeedStorage`` with an unbuffered binary file that writes whole lines."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Any = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self._stats = getattr(crawler, "stats", None)

    @classmethod
    def from_crawler(cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None
                     ) -> FlushingFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _WholeLineFile(path, self.write_mode, self._stats)
