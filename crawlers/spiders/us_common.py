"""Rules shared by the US spiders: presidents by date, speakers from titles, transcript fields.

``transcript_fields`` turns the paragraphs of a page or feed item into the statement's text,
turns and speaker with :mod:`crawlers.spiders.us_turns`, whichever template they came from
(WordPress ``entry-content``, Biden-era ``body-content``, Obama/Trump-era Drupal
``field-name-field-forall-body``, DoD ``div.body``).
"""

from __future__ import annotations

import copy
import html
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from parsel import Selector

from crawlers.html import element_text
from crawlers.items import ROLE_OFFICIAL, ROLE_REPORTER
from crawlers.spiders.us_turns import split_label, transcript_turns

def _eastern() -> tzinfo:
    """US Eastern time with daylight saving (fixed UTC-5 where no tz database is installed)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("America/New_York")
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError on systems without tzdata
        return timezone(timedelta(hours=-5), "ET")


#: US Eastern time: the day a Washington statement was issued (02:30 UTC in summer is 22:30 EDT).
ET = _eastern()

US_PRESIDENTS: tuple[tuple[date, str], ...] = (
    (date(2009, 1, 20), "Barack Obama"),
    (date(2017, 1, 20), "Donald J. Trump"),
    (date(2021, 1, 20), "Joseph R. Biden"),
    (date(2025, 1, 20), "Donald J. Trump"),
)
US_VICE_PRESIDENTS: tuple[tuple[date, str], ...] = (
    (date(2009, 1, 20), "Joseph R. Biden"),
    (date(2017, 1, 20), "Mike Pence"),
    (date(2021, 1, 20), "Kamala D. Harris"),
    (date(2025, 1, 20), "JD Vance"),
)
_TITLE_SPEAKERS = (
    re.compile(r"^(?:Statement|Readout) (?:from|by) the (Press Secretary|Vice President|First Lady|National Security Council Spokesperson)\b"),
    re.compile(r"Press Secretary ([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+?)(?:,| and | on | to |$)"),
    re.compile(r"(?:Remarks|Statement|Readout|Message|Proclamation) (?:by|from|of) (?:the )?(President|Vice President|First Lady)\b"),
    re.compile(r"(?:Remarks|Statement) (?:by|from) (?:President|Vice President) ([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*?)(?: and | on | at | to |,|$)"),
    re.compile(r"^Statement (?:by|from) ((?:Secretary|Deputy Secretary|Pentagon Press Secretary|Chairman|Spokesperson)[\w.'’ -]+?)(?: on | Regarding | Following | About | in |$)"),
)
#: "Japan-U.S. Joint Leaders' Statement", "U.S.-ROK Leaders' Joint Statement": the president's words.
_LEADERS_STATEMENT = re.compile(r"\b(?:Joint Leaders[’']|Leaders[’'](?: Joint)?) Statement\b")
_BODY_SPEAKER = re.compile(
    r"^(?P<who>[A-Z][\w.'’ -]{3,80}?) (?:provided|released|issued) the following (?:readout|statement)"
    r"|attributable to (?:Department |Deputy |Principal Deputy )*Spokesperson (?P<spox>[A-Z][\w.'’ -]{2,40}?)\s*:"
)


def speaker_from_body(paragraphs: list[str]) -> str | None:
    """"Pentagon Press Secretary X provided the following readout:" / "attributable to Spokesperson X:"."""
    for p in paragraphs[:3]:
        m = _BODY_SPEAKER.search(p)
        if m:
            return (m["who"] or m["spox"]).strip()
    return None
_END_LINES = re.compile(r"^(?:###|# # #|END|Share this page|Share:?|Tags|Related Articles:?|Subscribe.*)$", re.IGNORECASE)
#: Where a page's text ends: "###", "# # #", "END" (transcripts add the time: "END 7:14 P.M. KST").
_STOP = re.compile(
    r"^(?:#\s*#\s*#|END)(?:\s+\d{1,2}:\d{2}\s*[AP]\.?\s?M\.?.*)?$"
    r"|^\((?:The )?(?:briefing|press briefing|press conference|press availability|gaggle|call|meeting)"
    r"\s+(?:was\s+)?(?:concluded|ended|adjourned)\b[^)]*\)$",
    re.IGNORECASE,
)
#: A dateline place ("Washington, D.C.", "Seoul, Republic of Korea", "New York, New York").
_PLACE = re.compile(r"^[A-Z][\w.'’ -]{1,40},\s+(?:D\.C\.|[A-Z][\w.'’ -]{1,40})$")
#: Transcript time stamps ("6:15 P.M. KST", "11:22 A.M. EDT"): when, not what was said.
_TIME_LINE = re.compile(r"^\d{1,2}:\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s+[A-Z]{2,5})?$")


def us_president_on(day: date | str | None, table: tuple[tuple[date, str], ...] = US_PRESIDENTS) -> str | None:
    """The US president (or, with ``US_VICE_PRESIDENTS``, vice president) in office on ``day``."""
    if day is None:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    name = None
    for start, who in table:
        if day >= start:
            name = who
    return name


def speaker_from_title(title: str, day: date | None) -> str | None:
    """``Press Briefing by Press Secretary Karoline Leavitt`` → the name; ``Remarks by President …``."""
    for rx in _TITLE_SPEAKERS:
        m = rx.search(title or "")
        if m:
            who = m[1]
            if who == "President":
                return us_president_on(day) or who
            if who == "Vice President":
                return us_president_on(day, US_VICE_PRESIDENTS) or who
            return who
    if _LEADERS_STATEMENT.search(title or ""):
        return us_president_on(day)
    return None


def fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraph lines of an HTML fragment (feed ``content:encoded`` or WP REST ``content.rendered``)."""
    if "<" not in (fragment or ""):
        return [p.strip() for p in html.unescape(fragment or "").splitlines() if p.strip()]
    sel = Selector(text=f"<div id='rdi-fragment'>{fragment}</div>")
    return clean_paragraphs(element_text(sel.css("#rdi-fragment")[0]).splitlines())


def without(node: Any, skip_css: tuple[str, ...]) -> Any:
    """A copy of an element (lxml or parsel) with the descendants matching ``skip_css`` removed."""
    root = copy.deepcopy(getattr(node, "root", node))
    for css in skip_css:
        for el in root.cssselect(css):
            parent = el.getparent()
            if parent is not None:
                if el.tail:  # keep the text that follows the removed element
                    prev = el.getprevious()
                    if prev is not None:
                        prev.tail = (prev.tail or "") + el.tail
                    else:
                        parent.text = (parent.text or "") + el.tail
                parent.remove(el)
    return root


def element_paragraphs(node: Any, skip_css: tuple[str, ...] = ()) -> list[str]:
    """Paragraph lines of a page element, footer lines (``###``, "Share this page") cut off."""
    return clean_paragraphs(element_text(without(node, skip_css) if skip_css else node).splitlines())


def clean_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs up to the end mark (``###``, ``END 3:24 P.M. EDT``), without share/tag lines."""
    out = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _STOP.match(stripped):
            break
        if _END_LINES.match(stripped):
            continue
        out.append(stripped)
    return out


def without_dateline(paragraphs: list[str]) -> list[str]:
    """A transcript's paragraphs without its dateline and time stamps.

    White House and State transcripts open with the place and time ("Blue House / Seoul,
    Republic of Korea / 6:15 P.M. KST") before the first speaker label and close with the time:
    not words anyone said. Only called for labelled transcripts, so a statement's first
    paragraph is never mistaken for a dateline.
    """
    first_label = next((i for i, p in enumerate(paragraphs) if split_label(p)), None)
    out = []
    for i, p in enumerate(paragraphs):
        if _TIME_LINE.match(p):
            continue
        if first_label is not None and i < first_label and len(p) <= 80 and (
            not re.search(r"[.!?\u201d\"]$", p) or _PLACE.match(p)
        ):
            continue
        out.append(p)
    return out


def transcript_fields(paragraphs: list[str], title: str, day: date | None) -> dict[str, Any]:
    """text, turns, speaker and doc type of a statement or transcript."""
    paragraphs = [p for p in paragraphs if not _TIME_LINE.match(p.strip())]
    turns, foreign = transcript_turns(paragraphs)
    if len(turns) >= 2:
        paragraphs = without_dateline(paragraphs)
    for t in turns:
        t.speaker = _human(t.speaker, day)
    reporters = sum(1 for t in turns if t.role == ROLE_REPORTER)
    labelled = len(turns) >= 2
    speakers: dict[str, int] = {}
    for t in turns:
        if t.role == ROLE_OFFICIAL and t.speaker and t.idx not in foreign:
            speakers[t.speaker] = speakers.get(t.speaker, 0) + len(t.text)
    main = max(speakers, key=speakers.__getitem__) if speakers else None
    extra: dict[str, Any] = {}
    if foreign:
        extra["foreign_turns"] = foreign
    return {
        "text": "\n".join(paragraphs),
        "turns": turns if labelled else [],
        "speaker": speaker_from_title(title, day) or _human(main, day) or speaker_from_body(paragraphs)
        or signed_by_president(paragraphs, day),
        "has_questions": reporters > 0,
        "extra": extra,
    }


def signed_by_president(paragraphs: list[str], day: date | None) -> str | None:
    """The president when the text ends with his signature ("JOSEPH R. BIDEN JR.", "BARACK OBAMA")."""
    president = us_president_on(day)
    if not president:
        return None
    surname = president.split()[-1].upper()
    for p in paragraphs[-4:]:
        words = p.replace(",", " ").split()
        if p.isupper() and surname in words and len(words) <= 5:
            return president
    return None


def _human(label: str | None, day: date | None) -> str | None:
    """A turn label as a speaker; ``The President`` / ``President Obama`` become the president's name."""
    if not label:
        return label
    president = us_president_on(day)
    low = label.lower()
    if president and (low == "the president" or (low.startswith("president ") and low.split()[-1] in president.lower().split())):
        return president
    return label


def to_date(value: datetime | date | str | None, tz: timezone = ET) -> date | None:
    """Date of a datetime (in ``tz``), a date, or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return (value.astimezone(tz) if value.tzinfo else value).date()
    if isinstance(value, date):
        return value
    try:
        return to_date(datetime.fromisoformat(str(value).replace("Z", "+00:00")), tz)
    except ValueError:
        return None
