"""State Department spokesperson statements, readouts and the Secretary's remarks (press releases)."""

from __future__ import annotations

import re

from crawlers.spiders.us_state import StateDeptSpider

_NOT_STATEMENTS = re.compile(r"/briefings?/|department-press-briefing|/reports/|/travel-advisories/|/public-schedule", re.IGNORECASE)


class UsStateStatementsSpider(StateDeptSpider):
    """RSS ``press-releases`` (whole texts) and the ``/press-releases/`` list back-fill."""

    name = "us_state_statements"
    doc_type = "statement"

    def wanted(self, url: str, title: str) -> bool:
        """Everything the press-release channels carry except briefings, reports and schedules."""
        return "state.gov" in url and not _NOT_STATEMENTS.search(url) and not title.startswith("Public Schedule")

    def doc_type_for(self, url: str, title: str, questions: bool) -> str:
        """press_conference with Q&A, speech for remarks, release for media notes, report, else statement."""
        if "/reports/" in url:
            return "report"
        if questions:
            return "press_conference"
        if re.search(r"\bRemarks\b|\bat (?:a|the)\b.*(?:Event|Ceremony|Dinner|Reception)", title):
            return "speech"
        if title.startswith("Media Note") or "media-note" in url:
            return "release"
        return "statement"
