"""State Department press briefings (www.state.gov and the 2021-2025.state.gov archive host)."""

from __future__ import annotations

import re

from crawlers.spiders.us_state import StateDeptSpider

_BRIEFING = re.compile(r"/briefings?/(?:department-)?press-briefing|/department-press-briefing", re.IGNORECASE)


class UsStateBriefingsSpider(StateDeptSpider):
    """RSS ``department-press-briefings`` / WP REST ``state_briefing`` / archive sitemap; ``QUESTION:`` turns."""

    name = "us_state_briefings"
    doc_type = "briefing"

    def wanted(self, url: str, title: str) -> bool:
        """Department press briefings only (not background calls or travel briefings)."""
        return bool(_BRIEFING.search(url)) or title.lower().startswith("department press briefing")
