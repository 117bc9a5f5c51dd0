"""MOFA Korea on korea.kr (``/rss/dept_mofa.xml``): releases and spokesperson briefings, Korean."""

from __future__ import annotations

from crawlers.spiders.kr_koreakr import KoreaKrFeedSpider


class KrKoreakrMofaKoSpider(KoreaKrFeedSpider):
    """MOFA items republished by korea.kr (a mirror of ``mofa.go.kr`` when the gate fails)."""

    name = "kr_koreakr_mofa_ko"
    doc_type = "release"
    briefing_speaker = "외교부 대변인"
