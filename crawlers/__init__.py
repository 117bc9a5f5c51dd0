"""Scrapy spiders and crawl plumbing for official KR/JP/US statements."""
