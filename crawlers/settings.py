"""Scrapy settings for rdi (polite by default; see README "Crawling politely")."""

from __future__ import annotations

import os

BOT_NAME = "rdi"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = float(os.getenv("RDI_DOWNLOAD_DELAY", "4"))
AUTOTHROTTLE_ENABLED = True
FEED_EXPORT_ENCODING = "utf-8"

RDI_HOST_MAP = os.getenv("RDI_HOST_MAP", "")
# Host mapping works at the download-handler level (below every middleware).
DOWNLOAD_HANDLERS = {
    "http": "crawlers.hostmap.HostMapDownloadHandler",
    "https": "crawlers.hostmap.HostMapDownloadHandler",
}
