"""Speaker turns of MOFA Korea spokesperson briefings (KO board ``m_4078``, EN RSS ``brdId=303``).

KO transcripts open with "I. 모두 발언" (the spokesperson's opening remarks), then
"II. 질의 및 응답" with ``<질문> … (매체 이름 기자)`` / ``<답변> …`` paragraphs (korea.kr copies
the same markers under "[질문·답변]"). EN transcripts carry a header ("Press Briefing /
Spokesperson … Name / July 14, 2026 14:30 KST"), the opening statement, then ``[Q&A]`` with
``Q:`` / ``A:`` paragraphs; the RSS copy may be flattened to one line, so markers are also
found inline after a sentence end.
"""

from __future__ import annotations

import re

from crawlers.items import ROLE_OFFICIAL, ROLE_REPORTER, Turn

_KO_Q = re.compile(r"^\s*(?:<\s*질\s*문\s*>|\[\s*질\s*문\s*\]|질\s*문\s*[:：])\s*")
_KO_A = re.compile(r"^\s*(?:<\s*답\s*변\s*>|\[\s*답\s*변\s*\]|답\s*변\s*[:：])\s*")
_KO_SKIP = re.compile(
    r"^\s*(?:(?:[IⅠ]{1,3}|Ⅱ|Ⅲ|[0-9]+)\s*[.)]\s*)?(?:모두\s*발언|질의\s*및\s*응답|질의\s*응답|질문\s*[·ㆍ]\s*답변)\s*$"
    r"|^\s*\[\s*질문\s*[·ㆍ]\s*답변\s*\]\s*$|^\s*※\s*마이크"
)
_KO_REPORTER = re.compile(r"\(\s*([^()]{2,40}?기자)\s*\)\s*$")

_EN_Q = re.compile(r"^\s*(?:Q|Question|QUESTION)\s*[:：.]\s*")
_EN_A = re.compile(r"^\s*(?:A|Answer|ANSWER|Spokesperson|SPOKESPERSON)\s*[:：]\s*")
_EN_SKIP = re.compile(r"^\s*(?:\[\s*Q\s*&\s*A\s*\]|Q\s*&\s*A|\(\s*A question-and-answer session followed\.?\s*\))\s*$", re.IGNORECASE)
_EN_INLINE = re.compile(r"(?<=[.?!\"”’)])\s+(?=(?:Q|A)\s?:\s|\[Q&A\]|\(A question-and-answer)")
_EN_HEADER = re.compile(
    r"^\s*Press Briefing\s+(?P<speaker>.+?)\s+"
    r"(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s*\d{4})"
    r"\s+\d{1,2}\s*:\s*\d{2}\s*(?:KST)?\s*",
    re.DOTALL,
)


def ko_briefing_turns(paragraphs: list[str], official: str | None) -> list[Turn]:
    """Split a KO briefing (paragraph texts) into turns; the opening remarks are one official turn."""
    turns: list[Turn] = []
    role, speaker, buf = ROLE_OFFICIAL, official, []

    def flush() -> None:
        text = "\n".join(p for p in buf if p).strip()
        if text:
            turns.append(Turn(idx=len(turns), role=role, speaker=speaker, text=text))

    for raw in paragraphs:
        para = raw.strip()
        if not para or _KO_SKIP.match(para):
            continue
        if _KO_Q.match(para):
            flush()
            text = _KO_Q.sub("", para, count=1)
            who = _KO_REPORTER.search(text)
            role, speaker, buf = ROLE_REPORTER, (who[1].strip() if who else None), [text]
        elif _KO_A.match(para):
            flush()
            role, speaker, buf = ROLE_OFFICIAL, official, [_KO_A.sub("", para, count=1)]
        else:
            if role == ROLE_REPORTER and speaker is None:
                who = _KO_REPORTER.search(para)
                speaker = who[1].strip() if who else None
            buf.append(para)
    flush()
    return turns


def has_ko_qa(paragraphs: list[str]) -> bool:
    """True when a KO text carries ``<질문>``/``<답변>`` markers."""
    return any(_KO_Q.match(p) for p in paragraphs) and any(_KO_A.match(p) for p in paragraphs)


def en_briefing_header(paragraphs: list[str]) -> tuple[str | None, str | None, list[str]]:
    """``(speaker, "Month D, YYYY", rest)`` of an EN briefing's "Press Briefing …" header."""
    for k in range(min(4, len(paragraphs))):
        joined = " ".join(" ".join(paragraphs[: k + 1]).split())
        m = _EN_HEADER.match(joined)
        if m:
            first = joined[m.end():].strip()
            return " ".join(m["speaker"].split()), m["date"], ([first] if first else []) + paragraphs[k + 1:]
    return None, None, paragraphs


def en_paragraphs(text: str) -> list[str]:
    """Paragraphs of an EN briefing, re-split when the feed flattened it to one line."""
    if "\n" not in text.strip():
        text = _EN_INLINE.sub("\n", re.sub(r"\s*\[\s*Q\s*&\s*A\s*\]\s*", "\n[Q&A]\n", text))
    return [p.strip() for p in text.splitlines() if p.strip()]


def en_briefing_turns(paragraphs: list[str], official: str | None) -> list[Turn]:
    """Split an EN briefing body (header removed) into official / reporter turns."""
    turns: list[Turn] = []
    role, buf = ROLE_OFFICIAL, []

    def flush() -> None:
        text = "\n".join(p for p in buf if p).strip()
        if text:
            turns.append(Turn(idx=len(turns), role=role,
                              speaker=official if role == ROLE_OFFICIAL else None, text=text))

    for para in paragraphs:
        if _EN_SKIP.match(para):
            continue
        if _EN_Q.match(para):
            flush()
            role, buf = ROLE_REPORTER, [_EN_Q.sub("", para, count=1)]
        elif _EN_A.match(para):
            flush()
            role, buf = ROLE_OFFICIAL, [_EN_A.sub("", para, count=1)]
        else:
            buf.append(para)
    flush()
    return turns
