"""Speaker turns of US transcripts: State briefings, White House remarks, DoD transcripts.

Paragraphs open with an upper-case label and a colon — ``QUESTION:``, ``MR PRICE:``,
``MS. JEAN-PIERRE:``, ``SECRETARY BLINKEN:``, ``THE PRESIDENT:``, ``PRESIDENT OBAMA:`` — or, on
the Obama/Trump-era Drupal pages, a bare ``Q`` followed by spaces. Reporters (``Q``,
``QUESTION``, ``REPORTER``) get ``role=reporter``; ``MODERATOR`` / ``OPERATOR`` / ``STAFF`` get
``moderator``; everyone else speaks for a government. Foreign leaders at joint press
conferences (``PRESIDENT PARK:``, ``PRIME MINISTER ABE:``, "(As interpreted.)") are not the US
government speaking: their role is ``guest`` and they are listed in ``foreign_turns``
(``extra["foreign_turns"]``), so their words are kept but never scored as US rhetoric.
"""

from __future__ import annotations

import re

from crawlers.items import ROLE_GUEST, ROLE_MODERATOR, ROLE_OFFICIAL, ROLE_REPORTER, Turn

_LABEL = re.compile(
    r"^\s*(?P<label>Q|(?:(?:[A-Z][A-Z.'’\-]*|\d+)\s?){1,7}?)\s*(?:\((?P<note>[^)]{1,40})\))?\s*[:：]\s*(?P<rest>.*)$",
    re.DOTALL,
)
_BARE_Q = re.compile(r"^\s*Q(?:[\s\u00a0]{2,}|\.\s+|\s+(?=[A-Z]))(?P<rest>.+)$", re.DOTALL)
_REPORTERS = {"Q", "QUESTION", "REPORTER", "REPORTERS", "AUDIENCE MEMBER", "JOURNALIST", "PRESS"}
_MODERATORS = {"MODERATOR", "OPERATOR", "STAFF", "MC", "EMCEE", "ANNOUNCER", "PARTICIPANT"}
_US_PRESIDENTS = {"OBAMA", "TRUMP", "BIDEN", "BUSH", "CLINTON", "HARRIS", "VANCE"}
_FOREIGN_TITLES = re.compile(
    r"^(?:PRIME MINISTER|FOREIGN MINISTER|MINISTER|CHANCELLOR|KING|QUEEN|EMIR|CROWN PRINCE|PREMIER|"
    r"CHIEF CABINET SECRETARY|SECRETARY-GENERAL|SECRETARY GENERAL|GENERAL SECRETARY)\b"
)
_NOT_LABELS = {"NOTE", "UPDATE", "CORRECTION", "END", "AS PREPARED FOR DELIVERY", "EDITOR'S NOTE"}


def split_label(paragraph: str) -> tuple[str, str] | None:
    """``(LABEL, rest)`` when a paragraph opens with a speaker label, else None."""
    m = _LABEL.match(paragraph)
    if m:
        label = " ".join(m["label"].replace("’", "'").split()).rstrip(".") if m["label"] != "Q" else "Q"
        letters = re.sub(r"[^A-Z]", "", label)
        if len(letters) >= 1 and label not in _NOT_LABELS and not label.isdigit() and len(label) <= 45:
            return label, m["rest"].strip()
    m = _BARE_Q.match(paragraph)
    if m:
        return "Q", m["rest"].strip()
    return None


def label_role(label: str) -> str:
    """Role of a speaker label (reporter / moderator / official)."""
    if label in _REPORTERS or label.startswith("QUESTION"):
        return ROLE_REPORTER
    if label in _MODERATORS:
        return ROLE_MODERATOR
    return ROLE_OFFICIAL


def is_foreign(label: str, text: str = "") -> bool:
    """True for a foreign leader's label (``PRESIDENT PARK``, ``PRIME MINISTER ABE``) or interpreted words."""
    if _FOREIGN_TITLES.match(label) or re.search(r"\bMINISTER\b", label):
        return True
    m = re.match(r"^PRESIDENT\s+([A-Z'\-]+)$", label)
    if m and m[1] not in _US_PRESIDENTS:
        return True
    return text.lstrip().startswith("(As interpreted")


def transcript_turns(paragraphs: list[str], default_speaker: str | None = None) -> tuple[list[Turn], list[int]]:
    """Split labelled paragraphs into turns; returns ``(turns, foreign_turn_indexes)``.

    Text before the first label (dateline, time) is dropped from the turns (it stays in the
    statement's ``text``); unlabelled paragraphs continue the current turn. With no label at
    all the result is empty: the document is a plain statement, not a transcript.
    """
    turns: list[Turn] = []
    foreign: list[int] = []
    label: str | None = None
    buf: list[str] = []

    def flush() -> None:
        text = "\n".join(p for p in buf if p).strip()
        if label is None or not text:
            return
        role = label_role(label)
        speaker = None if role == ROLE_REPORTER and label in _REPORTERS else _speaker_name(label)
        if role == ROLE_OFFICIAL and is_foreign(label, text):
            foreign.append(len(turns))
            role = ROLE_GUEST  # a foreign leader's words are never US rhetoric
        turns.append(Turn(idx=len(turns), role=role, speaker=speaker or default_speaker, text=text))

    for raw in paragraphs:
        para = raw.strip()
        if not para:
            continue
        if re.fullmatch(r"(?:END|###|# # #|\*\s*\*\s*\*)\s*(?:\d{1,2}:\d{2}\s*[AP]\.?M\.?.*)?", para):
            break
        found = split_label(para)
        if found:
            flush()
            label, first = found
            buf = [first]
        elif label is not None:
            buf.append(para)
    flush()
    unify_speakers(turns)
    return turns, foreign


_SMALL = {"OF", "THE", "AND", "FOR", "ON", "TO", "AT"}


def _speaker_name(label: str) -> str:
    """Readable speaker from a label: ``MR PRICE`` -> ``Mr Price``, ``SECRETARY OF WAR`` -> ``Secretary of War``."""
    words = label.split()
    return " ".join(
        w if w in {"U.S.", "II", "III", "IV"} else (w.lower() if i and w in _SMALL else "-".join(p.capitalize() for p in w.split("-")))
        for i, w in enumerate(words)
    )


def unify_speakers(turns: list[Turn]) -> None:
    """Give every official turn of one person the fullest label used for them (same surname).

    Transcripts introduce a speaker in full (``SECRETARY OF WAR PETE HEGSETH``) and then
    shorten (``SEC. HEGSETH``); both become "Secretary of War Pete Hegseth".
    """
    fullest: dict[str, str] = {}
    for t in turns:
        if t.role == ROLE_OFFICIAL and t.speaker and len(t.speaker.split()) > 1:
            key = t.speaker.split()[-1].lower()
            if len(t.speaker) > len(fullest.get(key, "")):
                fullest[key] = t.speaker
    for t in turns:
        if t.role == ROLE_OFFICIAL and t.speaker and len(t.speaker.split()) > 1:
            t.speaker = fullest.get(t.speaker.split()[-1].lower(), t.speaker)


def speaker_labels(turns: list[Turn]) -> list[str]:
    """Distinct official speakers in order of appearance."""
    seen: list[str] = []
    for t in turns:
        if t.role == ROLE_OFFICIAL and t.speaker and t.speaker not in seen:
            seen.append(t.speaker)
    return seen
