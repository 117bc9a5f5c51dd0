"""A statement or remarks by the Vice President names the Vice President in office, as for the President."""

from __future__ import annotations

from datetime import date

from crawlers.spiders.us_common import speaker_from_title
from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES


def test_vice_president_title_gives_the_name() -> None:
    assert speaker_from_title("Remarks by Vice President Vance at the Munich Security Conference", date(2025, 2, 14)) == "JD Vance"


def test_feed_statement_from_the_vice_president() -> None:
    (rec,) = [r for r in parse_page("us_whitehouse_statements", "https://www.whitehouse.gov/briefing-room/feed/",
                                    FILES / "us_whitehouse_statements_vp" / "feed.xml") if "statement_id" in r]
    assert rec["speaker"] == "Kamala D. Harris"
