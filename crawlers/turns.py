"""Split press-conference and briefing transcripts into speaker turns.

A spider declares its turn markers as :class:`TurnRule` s: a regex that matches at the start of
a line (named group ``speaker`` optional; anything after the match on that line is the start of
the turn's text) and the role of whoever speaks after it. Rules are tried in order, so put the
specific ones (``【…記者】``) before the generic ones (``【…】``).

Text before the first marker is the opening statement: it becomes turn 0 with the
``opening_role`` / ``opening_speaker`` the spider passes (MOFA 冒頭発言 by the minister).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from crawlers.items import ROLE_MODERATOR, ROLE_OFFICIAL, ROLE_REPORTER, Turn

RoleFn = Callable[[str], str]


@dataclass(frozen=True)
class TurnRule:
    """A line-start marker and the role of the speaker it introduces."""

    pattern: re.Pattern[str]
    role: str | RoleFn | None  # a role, a function of the marker text, or None: a section header

    @classmethod
    def of(cls, regex: str, role: str | RoleFn, flags: int = 0) -> TurnRule:
        """Compile ``regex`` (anchored at line start) into a rule."""
        return cls(re.compile(r"^[ \t]*(?:" + regex + r")[ \t]*", flags | re.M), role)

    def role_for(self, marker: str) -> str | None:
        """Role of a matched marker (None for a section header such as 【質疑応答】)."""
        return self.role(marker) if callable(self.role) else self.role


_REPORTER_WORDS = re.compile(r"記者|기자|REPORTER|QUESTION|\bQ\b|질문|質問|問", re.I)
_MODERATOR_WORDS = re.compile(r"司会|사회|MODERATOR|OPERATOR|진행", re.I)


def guess_role(marker: str) -> str:
    """Role from a marker's words: 記者/QUESTION → reporter, 司会/MODERATOR → moderator, else official."""
    if _MODERATOR_WORDS.search(marker):
        return ROLE_MODERATOR
    if _REPORTER_WORDS.search(marker):
        return ROLE_REPORTER
    return ROLE_OFFICIAL


def split_turns(
    text: str,
    rules: Sequence[TurnRule],
    *,
    opening_role: str | None = ROLE_OFFICIAL,
    opening_speaker: str | None = None,
    clean_speaker: Callable[[str], str | None] | None = None,
) -> list[Turn]:
    """Split ``text`` at the rules' markers; return turns in order (empty if no marker matched)."""
    marks: list[tuple[int, int, str, str | None]] = []  # (start, end, role, speaker)
    taken: list[tuple[int, int]] = []
    for rule in rules:
        for m in rule.pattern.finditer(text):
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
                continue
            spk = next((v for k, v in m.groupdict().items() if k.startswith("speaker") and v), None)
            spk = clean_speaker(spk) if (clean_speaker and spk) else (spk.strip() if spk else None)
            marks.append((m.start(), m.end(), rule.role_for(m.group(0)), spk or None))
            taken.append((m.start(), m.end()))
    if not marks:
        return []
    marks.sort()
    turns: list[Turn] = []
    opening = text[: marks[0][0]].strip()
    if opening and opening_role:
        turns.append(Turn(idx=0, role=opening_role, speaker=opening_speaker, text=opening))
    for i, (_, end, role, spk) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = text[end:stop].strip()
        if not body:
            continue
        if role is None:  # text under a bare section header continues the previous speaker
            role, spk = (turns[-1].role, turns[-1].speaker) if turns else (opening_role or ROLE_OFFICIAL, opening_speaker)
        turns.append(Turn(idx=len(turns), role=role, speaker=spk, text=body))
    return turns


def merge_adjacent(turns: Iterable[Turn]) -> list[Turn]:
    """Join consecutive turns of the same role and speaker (paragraph-split transcripts)."""
    out: list[Turn] = []
    for t in turns:
        if out and out[-1].role == t.role and out[-1].speaker == t.speaker:
            out[-1] = Turn(idx=out[-1].idx, role=t.role, speaker=t.speaker, text=out[-1].text + "\n" + t.text)
        else:
            out.append(Turn(idx=len(out), role=t.role, speaker=t.speaker, text=t.text))
    return out


def official_speaker(turns: Iterable[Turn]) -> str | None:
    """Most frequent official speaker (the person answering; deputies substitute)."""
    counts: dict[str, int] = {}
    for t in turns:
        if t.role == ROLE_OFFICIAL and t.speaker:
            counts[t.speaker] = counts.get(t.speaker, 0) + len(t.text)
    return max(counts, key=counts.__getitem__) if counts else None
