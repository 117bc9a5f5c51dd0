"""Reading JSONL files line by line, with errors that name the file and line (corpus, evaluation
files, lexicons, the coder-agreement study)."""

from __future__ import annotations

import codecs
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
    without a byte-order mark, or UTF-16 with one, as Windows tools save "Unicode" text); a missing
    file, other encodings and bad JSON raise ``error`` naming the file and line. Lines end at LF,
    CRLF or CR only."""
    if not path.is_file():
        raise error(f"{path}: file not found")
    text = _decode(path, error)
    for n, line in enumerate(_LINE_END.split(text), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON ({exc.msg})") from None


def _decode(path: Path, error: type[ValueError]) -> str:
    """The file's text: UTF-16 after a UTF-16 byte-order mark, else UTF-8 (a UTF-8 mark dropped);
    a byte that is not UTF-8 is an error naming its line and what the file probably is."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise error(f"{path.name}: not UTF-16 text after its UTF-16 byte-order mark") from None
    if b"\0" in data:  # never in UTF-8 text; ASCII saved as UTF-16 would otherwise decode
        raise error(f"{path.name}: not UTF-8 text (NUL bytes: UTF-16 without a byte-order mark? "
                    "save the file as UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + data.count(b"\r", 0, exc.start) - data.count(b"\r\n", 0, exc.start) + 1
        raise error(f"{path.name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}: Latin-1, Shift-JIS or "
                    "another legacy encoding? save the file as UTF-8)") from None
