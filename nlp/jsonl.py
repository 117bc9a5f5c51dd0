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


def json_lines(path: Path, error: type[ValueError], *, only_with: str | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``("<file>:<line>", object)`` for each non-blank line of a JSONL file (UTF-8, with or
    without a byte-order mark, or UTF-16 with one, as Windows tools save "Unicode" text); a missing
    file, other encodings and bad JSON raise ``error`` naming the file and line. Lines end at LF,
    CRLF or CR only. A file holding one JSON array (``[{…}, {…}]``, on one line or pretty-printed)
    yields its items, each named by the line where it starts. A line that is not JSON says what it
    probably is (CSV, or an object printed over several lines).

    ``only_with`` skips, without parsing, each line that can hold no key of that name: one with
    neither the name nor a ``\\u`` escape (a key may be spelt with escapes)."""
    if not path.is_file():
        raise error(f"{path}: file not found")
    text = _decode(path, error)
    if text.lstrip().startswith("["):
        yield from _json_array(text, path.name, error)
        return
    for n, line in enumerate(_LINE_END.split(text), 1):
        if not line.strip() or (only_with is not None and only_with not in line and "\\u" not in line):
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON ({exc.msg}{_hint(line)})") from None


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
        head = data[:exc.start]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        raise error(f"{path.name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}: Latin-1, Shift-JIS or "
                    "another legacy encoding? save the file as UTF-8)") from None


def _line_of(text: str, pos: int, start: int = 0, line: int = 1) -> int:
    """The line of ``text`` that position ``pos`` is on, counting on from ``line`` at ``start``;
    lines end as in :func:`json_lines`."""
    return line + text.count("\n", start, pos) + text.count("\r", start, pos) - text.count("\r\n", start, pos)


def _hint(line: str) -> str:
    """What a line that is not JSON probably is."""
    head = line.strip()
    if not head.startswith("{"):
        return "; expected one JSON object per line, not CSV or other text"
    if not head.endswith("}"):
        return "; each JSON object must be on one line"
    return ""


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _json_array(text: str, name: str, error: type[ValueError]) -> Iterator[tuple[str, Any]]:
    """The items of a file that holds one JSON array, each named by the line where it starts."""
    decoder = json.JSONDecoder()
    seen, line = 0, 1  # the line of position ``seen``, counted on as the items are read

    def line_at(pos: int) -> int:
        nonlocal seen, line
        line, seen = _line_of(text, pos, seen, line), pos
        return line

    pos = _skip_space(text, text.index("[") + 1)
    if text.startswith("]", pos):
        pos += 1
    else:
        while True:
            try:
                obj, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise error(f"{name}:{line_at(exc.pos)}: invalid JSON in the array ({exc.msg})") from None
            yield f"{name}:{line_at(pos)}", obj
            pos = _skip_space(text, end)
            if text.startswith(",", pos):
                pos = _skip_space(text, pos + 1)
            elif text.startswith("]", pos):
                pos += 1
                break
            else:
                raise error(f"{name}:{line_at(pos)}: invalid JSON in the array (expected ',' or ']')")
    pos = _skip_space(text, pos)
    if pos < len(text):
        raise error(f"{name}:{line_at(pos)}: text after the JSON array")
