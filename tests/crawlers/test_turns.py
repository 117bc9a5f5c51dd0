"""crawlers.turns: marker rules, roles, openings, section headers, merging."""

from __future__ import annotations

from crawlers.spiders.jp_mofa_common import EN_TURNS, JA_TURNS
from crawlers.turns import TurnRule, guess_role, merge_adjacent, official_speaker, split_turns

JA = """【茂木外務大臣】冒頭、1点申し上げます。
続けて申し上げます。
【聯合ニュース 金記者】竹島について伺います。
【茂木外務大臣】我が国の立場は一貫しています。"""

EN = """Opening Remarks
Mr. MOTEGI Toshimitsu, Minister for Foreign Affairs: I have one announcement.
Kyodo News, Sakaguchi: A question about Takeshima.
Minister Motegi: Our position is consistent."""


def test_ja_roles():
    assert [t.role for t in split_turns(JA, JA_TURNS)] == ["official", "reporter", "official"]


def test_ja_turn_spans_lines():
    assert split_turns(JA, JA_TURNS)[0].text == "冒頭、1点申し上げます。\n続けて申し上げます。"


def test_ja_reporter_speaker():
    assert split_turns(JA, JA_TURNS)[1].speaker == "聯合ニュース 金記者"


def test_en_roles():
    assert [t.role for t in split_turns(EN, EN_TURNS)] == ["official", "reporter", "official"]


def test_en_reporter_outlet_and_name():
    assert split_turns(EN, EN_TURNS)[1].speaker == "Kyodo News, Sakaguchi"


def test_opening_text_before_first_marker():
    turns = split_turns("前置き。\n【記者】質問。", JA_TURNS, opening_speaker="大臣X")
    assert [(t.role, t.speaker, t.text) for t in turns] == [("official", "大臣X", "前置き。"), ("reporter", "記者", "質問。")]


def test_no_marker_no_turns():
    assert split_turns("ただの声明文です。", JA_TURNS) == []


def test_marker_only_at_line_start():
    assert len(split_turns("【記者】問い。本文中の【記者】は区切りではない。", JA_TURNS)) == 1


def test_guess_role():
    assert [guess_role(m) for m in ("【司会】", "【NHK 記者】", "【報道官】")] == ["moderator", "reporter", "official"]


def test_custom_rule_callable_role():
    rule = TurnRule.of(r"(?P<speaker>[A-Z]+):", lambda m: "reporter" if m.startswith("Q") else "official")
    assert [t.role for t in split_turns("Q: why?\nA: because.", [rule])] == ["reporter", "official"]


def test_merge_adjacent():
    turns = split_turns("【大臣】一。\n【大臣】二。\n【記者】三。", JA_TURNS)
    assert [t.text for t in merge_adjacent(turns)] == ["一。\n二。", "三。"]


def test_official_speaker_is_the_main_answerer():
    assert official_speaker(split_turns(JA, JA_TURNS)) == "茂木外務大臣"
