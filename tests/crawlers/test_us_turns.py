"""US transcript labels: ``QUESTION:``, ``MR PRICE:``, Drupal-era bare ``Q``, foreign guests, ``END``."""

from __future__ import annotations

from crawlers.spiders.us_turns import is_foreign, label_role, split_label, transcript_turns

PARAS = [
    "Blue House",
    "6:15 P.M. KST",
    "PRESIDENT PARK:  (As interpreted.)  Welcome.",
    "THE PRESIDENT:  Thank you.",
    "Q    Mr. President, on Japan?",
    "THE PRESIDENT:  We are allies.",
    "And we will stay allies.",
    "END 7:14 P.M. KST",
    "Share this page",
]


def test_label_with_period():
    assert split_label("MS. JEAN-PIERRE: Good afternoon.") == ("MS. JEAN-PIERRE", "Good afternoon.")


def test_bare_q_label():
    assert split_label("Q    Thank you, Mr. President.") == ("Q", "Thank you, Mr. President.")


def test_sentence_is_not_a_label():
    assert split_label("Today, the Secretary said: we stand with Japan.") is None


def test_question_role():
    assert label_role("QUESTION") == "reporter"


def test_moderator_role():
    assert label_role("MODERATOR") == "moderator"


def test_spokesperson_role():
    assert label_role("MR PRICE") == "official"


def test_foreign_president():
    assert is_foreign("PRESIDENT YOON") is True


def test_us_president_not_foreign():
    assert is_foreign("PRESIDENT BIDEN") is False


def test_transcript_roles():
    turns, _ = transcript_turns(PARAS)
    assert [t.role for t in turns] == ["guest", "official", "reporter", "official"]


def test_foreign_turn_index():
    assert transcript_turns(PARAS)[1] == [0]


def test_continuation_paragraph_joined():
    assert transcript_turns(PARAS)[0][3].text == "We are allies.\nAnd we will stay allies."


def test_end_marker_stops():
    assert all("Share" not in t.text for t in transcript_turns(PARAS)[0])


def test_plain_statement_has_no_turns():
    assert transcript_turns(["The United States welcomes the agreement.", "###"]) == ([], [])
