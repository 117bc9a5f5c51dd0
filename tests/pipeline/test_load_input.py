"""rdi load on awkward input: blank-looking texts and publication times given in UTC."""

from __future__ import annotations

import pytest

from pipeline.load import load


@pytest.mark.parametrize("text", ["\n\n", "\t \r\n", "\u3000\u3000", "\u00a0", " \u200b\ufeff "])
def test_whitespace_only_text_is_not_an_eligible_unit(project, stage, statement, snap, text):
    """A text of line breaks, tabs, ideographic or no-break spaces has no words: no_text."""
    stage([statement("blank", text), statement("ok", "竹島は日本固有の領土です。")])
    load(project)
    rows = snap("select unit_id, eligible, excluded_reason from units order by 1", rows=True)
    assert rows == [
        ("jp_mofa_press_conferences_ja:blank", False, "no_text"),
        ("jp_mofa_press_conferences_ja:ok", True, None),
    ]


def test_blank_answer_turn_is_not_an_eligible_unit(project, stage, statement, snap):
    stage([statement("qa", "全文", turns=[("reporter", "質問です。"), ("official", "\n\u3000\n")])])
    load(project)
    assert snap("select eligible, excluded_reason from units", rows=True) == [(False, "no_text")]
