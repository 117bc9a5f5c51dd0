"""DoD / War news releases (statements, readouts, announcements)."""

from __future__ import annotations

import re

from crawlers.spiders.us_dod import DodSpider


class UsDodReleasesSpider(DodSpider):
    """``/News/Releases/Release/Article/{id}/`` on defense.gov and war.gov."""

    name = "us_dod_releases"
    kind_path = "/Releases/Release/Article/"
    detail_patterns = (r"(?i)/Releases/Release/Article/\d{6,8}",)
    doc_type = "release"

    def doc_type_for(self, title: str, questions: bool) -> str:
        """statement for statements and readouts, else release."""
        return "statement" if re.search(r"Statement|Readout", title, re.IGNORECASE) else "release"
