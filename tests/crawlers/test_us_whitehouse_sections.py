"""2025- whitehouse.gov sections: fact sheets and releases are read like briefings-statements.

Hand-made sitemap in the shape of ``post-sitemap*.xml`` (URLs as published, e.g. the
2025-11 U.S.-ROK joint fact sheet under ``/fact-sheets/2025/11/``).
"""

from __future__ import annotations

from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES

SITEMAP = FILES / "us_whitehouse_statements_sections" / "post-sitemap.xml"
JOINT = "https://www.whitehouse.gov/fact-sheets/2025/11/joint-fact-sheet-on-president-donald-j-trumps-meeting-with-president-lee-jae-myung/"


def test_sitemap_keeps_fact_sheets_and_releases() -> None:
    found = [r["discovered"] for r in parse_page("us_whitehouse_statements", "https://www.whitehouse.gov/post-sitemap12.xml", SITEMAP)
             if "discovered" in r]
    assert JOINT in found and "https://www.whitehouse.gov/releases/2025/07/white-house-unveils-americas-ai-action-plan/" in found
