"""Keep Scrapy from fetching data at run time.

Scrapy's cookie middleware builds a module-level ``tldextract.TLDExtract`` whose first use
downloads the Public Suffix List (and logs a traceback when offline). rdi never fetches data at
run time, so the extractor is replaced by one that only reads the snapshot bundled with
tldextract. Imported by ``crawlers.settings``, i.e. in every crawl process.
"""

from __future__ import annotations

import scrapy.downloadermiddlewares.cookies as _cookies
from tldextract import TLDExtract

OFFLINE_TLD_EXTRACT = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
_cookies._split_domain = OFFLINE_TLD_EXTRACT
