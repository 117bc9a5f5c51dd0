"""Feed storage that writes each exported line straight to the file (unbuffered).

A crawl killed mid-run then loses no item it has already reported as scraped, which the
state store relies on (an item is marked seen only after it was exported).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage


class FlushingFileFeedStorage(FileFeedStorage):
    """``FileFeedStorage`` with an unbuffered binary file."""

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)
