"""Reading JSONL files line by line, with errors that name the file and line (corpus, evaluation
files, lexicons, the coder-agreement study)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# JSON text cannot hold a raw CR or LF (they are escaped inside strings), so these end lines; the
# other characters str.splitlines() breaks on (U+2028, U+2029, U+0085, form feed…) may stand raw
# inside a string, as json.dumps(..., ensure_ascii=False) writes them, and do not.
_LINE_END = re.compile(r"\r\n|\r|\n")


def json_lines(path: Path, error: type[ValueError]) -> Iterator[tuple[str, Any]]:
    """Yield ``("<file>:<line>", object)`` for each non-blank line of a JSONL file (UTF-8, with or
    without a byte-order mark); a missing file, other encodings and bad JSON raise ``error``
    naming the file and line. Lines end at LF, CRLF or CR only."""
    if not path.is_file():
        raise error(f"{path}: file not found")
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    for n, line in enumerate(_LINE_END.split(text), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON ({exc.msg})") from None
