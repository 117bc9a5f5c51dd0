"""crawlers.spiders.us_common: where a text ends, datelines, signatures, Washington dates."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.spiders.us_common import clean_paragraphs, signed_by_president, speaker_from_title, to_date, transcript_fields

PRESSER = ["Blue House", "Seoul, Republic of Korea", "6:15 P.M. KST", "PRESIDENT OBAMA: Good evening.", "Q Mr. President?",
           "THE PRESIDENT: Yes.", "7:14 P.M. KST"]


@pytest.mark.parametrize("mark", ["###", "# # #", "END", "END 3:24 P.M. EDT", "(The briefing was concluded at 3:05 p.m.)"])
def test_text_stops_at_end_mark(mark):
    assert clean_paragraphs(["Words.", mark, "Related Articles"]) == ["Words."]


def test_share_lines_dropped():
    assert clean_paragraphs(["Words.", "Share this page", "More words."]) == ["Words.", "More words."]


def test_transcript_text_without_dateline():
    assert transcript_fields(PRESSER, "Press Conference by President Obama", date(2014, 4, 25))["text"].splitlines()[0] == \
        "PRESIDENT OBAMA: Good evening."


def test_transcript_text_without_closing_time():
    assert transcript_fields(PRESSER, "Press Conference by President Obama", date(2014, 4, 25))["text"].endswith("THE PRESIDENT: Yes.")


def test_statement_first_line_kept():
    # not a transcript: a short first line is part of the statement
    assert transcript_fields(["Secretary Becerra Authorized Orders", "The President is announcing."], "x", None)["text"].startswith(
        "Secretary Becerra")


def test_signed_letter():
    assert signed_by_president(["Dear Madam Speaker:", "Sincerely,", "JOSEPH R. BIDEN JR."], date(2022, 7, 22)) == "Joseph R. Biden"


def test_unsigned_text():
    assert signed_by_president(["THE WHITE HOUSE,", "July 22, 2022."], date(2022, 7, 22)) is None


def test_leaders_joint_statement_speaker():
    assert speaker_from_title("United States-Republic of Korea Leaders’ Joint Statement", date(2022, 5, 21)) == "Joseph R. Biden"


@pytest.mark.parametrize(("stamp", "day"), [
    ("2022-08-02T03:08:12+00:00", date(2022, 8, 1)),   # 23:08 EDT
    ("2022-01-02T04:30:00+00:00", date(2022, 1, 1)),   # 23:30 EST
    ("2022-07-02T04:30:00+00:00", date(2022, 7, 2)),   # 00:30 EDT (a fixed UTC-5 would say July 1)
])
def test_washington_day(stamp, day):
    assert to_date(stamp) == day


def test_washington_dateline_dropped():
    paragraphs = ["Washington, D.C.", "MS BRUCE: Good afternoon.", "QUESTION: Thank you.", "MS BRUCE: Sure."]
    assert transcript_fields(paragraphs, "Department Press Briefing", date(2025, 7, 24))["text"].startswith("MS BRUCE:")
