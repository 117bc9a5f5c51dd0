"""AutoThrottle that never goes below a host's minimum delay (``DOWNLOAD_DELAY`` or Crawl-delay)."""

from __future__ import annotations

from typing import Any

from scrapy.extensions.throttle import AutoThrottle


def set_min_delay(crawler: Any, slot_key: str, delay: float) -> None:
    """Raise the minimum delay of one host's download slot (now and for slots made later)."""
    downloader = crawler.engine.downloader
    current = downloader.per_slot_settings.get(slot_key, {})
    floor = max(float(delay), crawler.settings.getfloat("DOWNLOAD_DELAY"))
    downloader.per_slot_settings[slot_key] = {**current, "delay": floor}
    slot = downloader.slots.get(slot_key)
    if slot is not None and slot.delay < floor:
        slot.delay = floor


def min_delay(crawler: Any, slot_key: str | None) -> float:
    """The floor for a slot: its per-slot delay (Crawl-delay) or ``DOWNLOAD_DELAY``."""
    base = crawler.settings.getfloat("DOWNLOAD_DELAY")
    if slot_key is None:
        return base
    per = crawler.engine.downloader.per_slot_settings.get(slot_key, {})
    return max(base, float(per.get("delay", base)))


class PoliteThrottle(AutoThrottle):
    """AutoThrottle with a per-host floor (robots.txt ``Crawl-delay`` honoured)."""

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None:
            slot.delay = max(slot.delay, min_delay(self.crawler, key))
