"""Text-length check of sampled pages against a generic extractor (trafilatura)."""

from __future__ import annotations

from crawlers.health import generic_text_length, spider_text_length, text_length_check
from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES

SRC = "jp_kantei_statements_ja"
PAGE = FILES / SRC / "www.kantei.go.jp" / "jp" / "105" / "statement" / "2026" / "0819kaiken.html"
URL = "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"


def test_spider_and_generic_extractor_agree_on_a_healthy_page() -> None:
    (statement,) = [r for r in parse_page(SRC, URL, PAGE) if "statement_id" in r]
    html = PAGE.read_bytes().decode("utf-8", errors="replace")
    check = text_length_check([(URL, spider_text_length(statement), html)])
    assert check["text_samples"][0]["generic_chars"] == generic_text_length(html) > 50
    assert 0.5 <= check["text_ratio"] <= 1.5


def test_a_spider_that_lost_the_body_shows_a_low_ratio() -> None:
    html = PAGE.read_bytes().decode("utf-8", errors="replace")
    check = text_length_check([(URL, 12, html)])  # e.g. only the title still matched
    assert check["text_ratio"] < 0.1


def test_pages_without_main_text_are_not_sampled() -> None:
    assert text_length_check([(URL, 100, "<html><body><nav>menu</nav></body></html>")]) == {
        "text_samples": [], "text_ratio": None}
