"""Scrapy settings for rdi: polite by default (README, "Running rdi on a server": "Crawling politely").

Tunables read the environment (``pipeline.crawl`` passes the project's ``[crawl]`` config as
``-s`` settings instead): ``RDI_DOWNLOAD_DELAY`` (>= 4 s per host by default),
``RDI_CONTACT`` (URL in the User-Agent), ``RDI_HOST_MAP``, ``RDI_STATE_DIR``.
"""

from __future__ import annotations

import os

BOT_NAME = "rdi"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# --- identity ----------------------------------------------------------------------------
RDI_CONTACT = os.getenv("RDI_CONTACT", "https://github.com/rdi-project/rdi")
USER_AGENT = f"rdi/0.1 (research crawler of official statements; +{RDI_CONTACT})"
# Browser-like profile for sites that refuse non-browser clients; still names us and the contact.
RDI_BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/126.0 Safari/537.36 rdi/0.1 (+{RDI_CONTACT})"
)
ROBOTSTXT_USER_AGENT = "rdi"

# --- politeness ----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
RDI_ROBOTS_TIMEOUT = 20.0  # seconds; an unanswered robots.txt is unreadable = disallow
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = float(os.getenv("RDI_DOWNLOAD_DELAY", "4"))  # per-host minimum (Crawl-delay raises it)
# Scrapy varies each slot's delay by +-50 % by default, which would let requests come at half the
# minimum above and half a site's Crawl-delay; the delay is a floor, so it is kept exact.
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
REDIRECT_MAX_TIMES = 5
RDI_COOKIE_GATE_MAX = 3  # bounded re-requests through the MOFA Korea cookie gate
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.getenv("RDI_LOG_LEVEL", "INFO")
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# --- host map (tests, demo, mirrors): below every middleware --------------------------------
RDI_HOST_MAP = os.getenv("RDI_HOST_MAP", "")
# Refuse hosts outside the host map instead of going to the network (demo, tests).
RDI_MIRROR_ONLY = os.getenv("RDI_MIRROR_ONLY", "") not in ("", "0", "false", "False")
DOWNLOAD_HANDLERS = {
    "http": "crawlers.hostmap_download.HostMapDownloadHandler",
    "https": "crawlers.hostmap_download.HostMapDownloadHandler",
}

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.robots.PoliteRobotsTxtMiddleware": 100,
    "crawlers.middlewares.access.AccessProfileMiddleware": 450,
    "crawlers.middlewares.wayback.WaybackFallbackMiddleware": 540,
    "crawlers.middlewares.cookiegate.CookieGateMiddleware": 650,
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    # Our crawl state lives in the per-source sqlite store (``spider.state``), not in a pickle.
    "scrapy.extensions.spiderstate.SpiderState": None,
    "crawlers.throttle.PoliteThrottle": 0,
    "crawlers.health.HealthStats": 500,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.normalise.NormalisePipeline": 100,
    "crawlers.pipelines.validate.ValidatePipeline": 200,
    "crawlers.pipelines.version.VersionPipeline": 300,
    "crawlers.pipelines.duplicates.DuplicatePipeline": 400,
    "crawlers.pipelines.pairing.PairingPipeline": 500,
}

# --- output and state --------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {"file": "crawlers.feeds.FlushingFileFeedStorage", "": "crawlers.feeds.FlushingFileFeedStorage"}
RDI_STATE_DIR = os.getenv("RDI_STATE_DIR", "")  # per-source sqlite state; empty = in memory
RDI_HEALTH_FILE = ""
RDI_RUN_ID = ""
RDI_NOW = ""  # fixed clock for the state store (ISO datetime; tests and replays only)

# Never download the Public Suffix List at run time (see crawlers/offline.py).
import crawlers.offline  # noqa: E402,F401
