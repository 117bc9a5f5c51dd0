"""Ministry of National Defense on korea.kr (``/rss/dept_mnd.xml``): the route to MND texts.

mnd.go.kr has no feed and resets TLS from non-Korean addresses (sources.md §1.7), so korea.kr's
per-ministry feed is how MND's releases and briefings reach the index.
"""

from __future__ import annotations

from crawlers.spiders.kr_koreakr import KoreaKrFeedSpider


class KrKoreakrMndKoSpider(KoreaKrFeedSpider):
    """MND items republished by korea.kr."""

    name = "kr_koreakr_mnd_ko"
    doc_type = "release"
    briefing_speaker = "국방부 대변인"
