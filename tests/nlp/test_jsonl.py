"""Outside files as other teams write them: line ends, encodings, a JSON array (nlp/jsonl.py)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from nlp.corpus import CorpusError, read_jsonl

ROWS = [
    {"text": "Japan strongly protests.\u2028It is extremely regrettable.", "lang": "en", "history": 0, "territory": 0,
     "nationalist": 1, "conciliatory": 0, "target": "KR"},
    {"text": "日本政府に抗議する。\u2029遺憾だ\x85", "lang": "ja", "history": 0, "territory": 0, "nationalist": 1,
     "conciliatory": 0, "target": "JP"},
    {"text": "독도는 우리 땅입니다.\x0c", "lang": "ko", "history": 0, "territory": 1, "nationalist": 1,
     "conciliatory": 0, "target": "JP"},
]


def lines(rows: list[dict], end: str = "\n") -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + end for r in rows)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_separators_inside_a_string_do_not_end_the_line(tmp_path: Path, end: str) -> None:
    """json.dumps(ensure_ascii=False) writes U+2028, U+2029, U+0085 and form feed raw inside a
    string; str.splitlines() broke the line there, so a valid file was "invalid JSON" at line 1."""
    path = tmp_path / "outside.jsonl"
    path.write_text(lines(ROWS, end) + end + lines(ROWS[:1], end), "utf-8", newline="")
    assert [r["text"] for r in read_jsonl(path, lenient=True)] == [r["text"] for r in ROWS + ROWS[:1]]
    path.write_text(lines(ROWS, end) + end + '{"text": oops}' + end, "utf-8", newline="")
    with pytest.raises(CorpusError, match=r"outside.jsonl:5: invalid JSON"):
        read_jsonl(path, lenient=True)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    """Windows PowerShell 5 and "Unicode text" exports write UTF-16 with a byte-order mark."""
    path = tmp_path / "outside.jsonl"
    data = lines(ROWS, "\r\n").encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else {"utf-16-le": codecs.BOM_UTF16_LE,
                                                        "utf-16-be": codecs.BOM_UTF16_BE}[encoding] + data)
    assert [r["text"] for r in read_jsonl(path, lenient=True)] == [r["text"] for r in ROWS]


def test_bytes_that_are_not_utf8_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "outside.jsonl"
    latin1 = lines(ROWS[:1]).encode("utf-8") + lines([ROWS[0] | {"text": "Japan’s protest, café"}]).encode("cp1252")
    path.write_bytes(latin1)
    with pytest.raises(CorpusError, match=r"^outside.jsonl:2: not UTF-8 text \(byte 0x92: Latin-1"):
        read_jsonl(path, lenient=True)
    path.write_bytes(lines(ROWS).encode("utf-16-le"))  # no byte-order mark
    with pytest.raises(CorpusError, match=r"^outside.jsonl: not UTF-8 text \(NUL bytes: UTF-16 without a byte-order"):
        read_jsonl(path, lenient=True)


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_is_read_item_by_item(tmp_path: Path, indent: int | None) -> None:
    """Another team may export a JSON array (on one line, or pretty-printed) rather than JSON lines:
    it was "expected a JSON object" or "invalid JSON (Expecting value)" at line 1."""
    path = tmp_path / "outside.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False, indent=indent) + "\n", "utf-8")
    assert [r["text"] for r in read_jsonl(path, lenient=True)] == [r["text"] for r in ROWS]
    path.write_text(json.dumps(ROWS[:2] + [ROWS[2] | {"history": 2}], ensure_ascii=False, indent=indent), "utf-8")
    with pytest.raises(CorpusError, match=rf"^outside.json:{1 if indent is None else 20}: 'history' must be 0 or 1"):
        read_jsonl(path, lenient=True)
    path.write_text("[]", "utf-8")
    assert read_jsonl(path, lenient=True) == []
    path.write_text(json.dumps(ROWS[:1]) + "\n" + json.dumps(ROWS[:1]), "utf-8")
    with pytest.raises(CorpusError, match=r"^outside.json:2: text after the JSON array"):
        read_jsonl(path, lenient=True)
    path.write_text("[\n" + json.dumps(ROWS[0]) + ',\n{"text": oops}\n]', "utf-8")
    with pytest.raises(CorpusError, match=r"^outside.json:3: invalid JSON in the array"):
        read_jsonl(path, lenient=True)


def test_a_csv_or_pretty_printed_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "outside.jsonl"
    path.write_text("text,lang,history,territory,nationalist,conciliatory,target\nx,en,0,0,1,0,KR\n", "utf-8")
    with pytest.raises(CorpusError, match=r"^outside.jsonl:1: invalid JSON \(.*; expected one JSON object per line"):
        read_jsonl(path, lenient=True)
    path.write_text(json.dumps(ROWS[0], indent=2), "utf-8")
    with pytest.raises(CorpusError, match=r"^outside.jsonl:1: invalid JSON \(.*; each JSON object must be on one line"):
        read_jsonl(path, lenient=True)
