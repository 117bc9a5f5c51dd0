"""DoD / War transcripts: press briefings, press conferences, remarks (``Q:`` / ``SECRETARY X:`` turns)."""

from __future__ import annotations

import re

from crawlers.spiders.us_dod import DodSpider


class UsDodTranscriptsSpider(DodSpider):
    """``/News/Transcripts/Transcript/Article/{id}/`` on defense.gov and war.gov."""

    name = "us_dod_transcripts"
    kind_path = "/Transcripts/Transcript/Article/"
    detail_patterns = (r"(?i)/Transcripts/Transcript/Article/\d{6,8}",)
    doc_type = "briefing"

    def doc_type_for(self, title: str, questions: bool) -> str:
        """briefing / press_conference / speech from the title."""
        if re.search(r"Press Conference|Press Availability|Media Availability", title, re.IGNORECASE):
            return "press_conference"
        if re.search(r"Briefing|Gaggle", title, re.IGNORECASE):
            return "briefing"
        if re.search(r"Remarks|Speech|Address|Testimony", title, re.IGNORECASE):
            return "speech"
        return "press_conference" if questions else "speech"
