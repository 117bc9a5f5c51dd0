"""MOFA Korea briefing turns: KO ``<질문>``/``<답변>`` and EN ``Q:``/``A:`` (paragraphs or flattened)."""

from __future__ import annotations

from crawlers.spiders.kr_turns import en_briefing_header, en_briefing_turns, en_paragraphs, has_ko_qa, ko_briefing_turns

KO = [
    "I. 모두 발언",
    "안녕하십니까? 정례브리핑을 시작하겠습니다.",
    "Ⅱ. 질의 및 응답",
    "<질문> 독도 관련 입장은? (뉴스1 정윤영 기자)",
    "<답변> 독도는 우리 고유의 영토입니다.",
    "[질문] 추가 질문입니다.",
    "답변 : 말씀드린 바와 같습니다.",
]
EN_FLAT = (
    "Press Briefing Spokesperson Lee Jaewoong March 3, 2026 14:30 KST Good afternoon. "
    "I will take your questions. [Q&A] Q: Any plan for a summit? A: Nothing has been decided yet. "
    "Q: Follow-up? A: No."
)


def test_ko_roles():
    assert [t.role for t in ko_briefing_turns(KO, "대변인")] == ["official", "reporter", "official", "reporter", "official"]


def test_ko_headers_skipped():
    assert ko_briefing_turns(KO, "대변인")[0].text == "안녕하십니까? 정례브리핑을 시작하겠습니다."


def test_ko_reporter_from_attribution():
    assert ko_briefing_turns(KO, "대변인")[1].speaker == "뉴스1 정윤영 기자"


def test_ko_bracket_and_colon_markers():
    assert ko_briefing_turns(KO, "대변인")[4].text == "말씀드린 바와 같습니다."


def test_ko_plain_text_has_no_qa():
    assert has_ko_qa(["정부는 깊은 유감을 표명한다.", "끝."]) is False


def test_en_flat_paragraphs_split_at_markers():
    assert en_paragraphs(EN_FLAT)[-4:] == ["Q: Any plan for a summit?", "A: Nothing has been decided yet.", "Q: Follow-up?", "A: No."]


def test_en_header_speaker():
    assert en_briefing_header(en_paragraphs(EN_FLAT))[0] == "Spokesperson Lee Jaewoong"


def test_en_header_date():
    assert en_briefing_header(en_paragraphs(EN_FLAT))[1] == "March 3, 2026"


def test_en_roles():
    speaker, _, rest = en_briefing_header(en_paragraphs(EN_FLAT))
    assert [t.role for t in en_briefing_turns(rest, speaker)] == ["official", "reporter", "official", "reporter", "official"]


def test_en_header_over_three_paragraphs():
    paras = ["Press Briefing", "Deputy Spokesperson Lee Moonbae", "July 9, 2026  14:30  KST", "Good afternoon."]
    assert en_briefing_header(paras) == ("Deputy Spokesperson Lee Moonbae", "July 9, 2026", ["Good afternoon."])


def test_en_sentence_with_a_colon_is_not_a_marker():
    assert en_paragraphs("The plan is simple: A: not a marker here? No.") == ["The plan is simple: A: not a marker here? No."]
