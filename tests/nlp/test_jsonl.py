"""Outside files as other teams write them: line ends, encodings, a JSON array (nlp/jsonl.py)."""

from __future__ import annotations

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
