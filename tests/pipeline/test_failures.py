"""The one line that says why a subprocess failed (pipeline.failures)."""

from __future__ import annotations

from pipeline.failures import exit_reason, failure_line

TRACEBACK = """\
Traceback (most recent call last):
  File "/srv/rdi/crawlers/spiders/us_state.py", line 12, in <module>
    from crawlers.html import first_txt
ImportError: cannot import name 'first_txt' from 'crawlers.html' (/srv/rdi/crawlers/html.py)

"""
SCRAPY_LOG = """\
2026-12-07 17:00:18 [scrapy.utils.log] INFO: Scrapy 2.19.0 started (bot: rdi)
2026-12-07 17:00:18 [scrapy.core.engine] ERROR: Error downloading <GET https://www.state.gov/robots.txt>
2026-12-07 17:00:19 [asyncio] ERROR: Task exception was never retrieved
Traceback (most recent call last):
  File "scrapy/crawler.py", line 313, in crawl_async
    self.engine = self._create_engine()
                  ^^^^^^^^^^^^^^^^^^^^^
ValueError: invalid literal for int() with base 10: 'many'
2026-12-07 17:00:19 [scrapy.core.engine] INFO: Closing spider (shutdown)
"""


def test_the_exception_line_of_a_traceback():
    assert failure_line(TRACEBACK) == (
        "ImportError: cannot import name 'first_txt' from 'crawlers.html' (/srv/rdi/crawlers/html.py)")


def test_the_last_traceback_of_a_log_not_the_log_lines_after_it():
    assert failure_line(SCRAPY_LOG, any_line=False) == "ValueError: invalid literal for int() with base 10: 'many'"


def test_an_error_log_message_without_traceback():
    log = SCRAPY_LOG.split("Traceback", 1)[0] + "2026-12-07 17:00:20 [scrapy.core.engine] INFO: Spider closed\n"
    assert failure_line(log, any_line=False) == "Task exception was never retrieved"


def test_a_log_with_only_ordinary_lines_names_nothing():
    assert failure_line("2026-12-07 17:00:18 [scrapy.utils.log] INFO: Scrapy started\n", any_line=False) is None


def test_a_plain_last_line_is_kept_and_clipped():
    assert failure_line("\nerror: no warehouse at /x; run rdi load first\n\n") == "error: no warehouse at /x; run rdi load first"
    assert len(failure_line("x" * 1000) or "") == 300


def test_how_the_process_ended_when_nothing_was_written():
    assert exit_reason(-9, "") == "killed by SIGKILL"
    assert exit_reason(1, "  \n", SCRAPY_LOG) == "ValueError: invalid literal for int() with base 10: 'many'"
    assert exit_reason(2, "", "") == "exit code 2"
