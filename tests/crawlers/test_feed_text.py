"""Feed-text check: statements read straight from a feed (no detail page) whose texts became excerpts."""

from __future__ import annotations

import json

import pytest

from crawlers.feed_text import FeedCheckSettings, FeedText, feed_text_check, feed_text_features
from crawlers.state import StateStore
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_state_statements"
ROOT = FILES / "us_state_statements_feed_text"
FULL = FeedText(900, cut=False, html=False)


@pytest.fixture(scope="module")
def runs(module_home):
    """The whole-text feed crawled, then the same feed after it switched to excerpts."""
    full = crawl_mirror(SRC, ROOT / "full", module_home, since="2025-07-01")
    cut = crawl_mirror(SRC, ROOT / "excerpts", module_home, since="2025-07-01")
    return full, cut


def test_whole_text_feed_has_no_feed_text_problem(runs):
    full, _ = runs
    check = full.result.health["feed_text"]
    assert (full.result.ok, check["items"], check["cut"], check["short"], check["problem"]) == (True, 4, 0, 0, None)


def test_excerpt_feed_fails_the_run_with_the_reason(runs):
    _, cut = runs
    reason = cut.result.health["feed_text"]["problem"]
    assert not cut.result.ok
    assert reason in cut.result.problems
    assert reason.startswith("feed text looks cut: 4 of 4 statements read from the feed (4 end like an excerpt")


def test_excerpts_do_not_replace_the_whole_texts(runs, module_home):
    """The excerpt run stages no new version, so the next load keeps the whole texts, and the
    state store still holds them: the same whole-text feed again is unchanged."""
    full, cut = runs
    assert len(full.items) == 4 and all(len(it["text"]) > 400 for it in full.items)
    assert cut.items == []
    assert cut.result.health["feed_text"]["cut"] == 4  # the dropped excerpts are still judged
    again = crawl_mirror(SRC, ROOT / "full", module_home, since="2025-07-01")
    assert again.items == [] and again.result.ok


@pytest.mark.parametrize(
    ("text", "features"),
    [
        ("The ministers met today. " * 20, (False, False)),
        ("The ministers met today and discussed [\u2026]", (True, False)),
        ("The ministers met today and discussed\u2026", (True, False)),
        ("The ministers met today.\nRead more", (True, False)),
        ("The post Readout appeared first on United States Department of State.", (True, False)),
        ("<p>The ministers met&nbsp;today.</p>", (False, True)),
        ("", (False, False)),
    ],
)
def test_features(text, features):
    assert tuple(feed_text_features(text)) == (len(text.strip()), *features)


def test_whole_texts_pass():
    assert feed_text_check([FULL] * 5, [880.0, 910.0, 905.0])["problem"] is None


def test_excerpts_and_stubs_are_named():
    items = [FeedText(180, True, False), FeedText(0, False, False), FeedText(150, False, True), FULL]
    assert feed_text_check(items)["problem"] == (
        "feed text looks cut: 3 of 4 statements read from the feed (1 end like an excerpt ('…', '[…]', "
        "'Read more'), 1 is empty, 2 have under 200 characters, 1 still carry HTML); does the feed carry excerpts now?"
    )


def test_too_few_feed_statements_get_no_verdict():
    check = feed_text_check([FeedText(120, True, False)] * 2)
    assert (check["items"], check["cut"], check["problem"]) == (2, 2, None)


def test_median_far_below_the_sources_history_is_a_problem():
    check = feed_text_check([FeedText(420, False, False)] * 4, [1600.0, 1500.0, 1700.0, 1550.0])
    assert check["problem"] == ("feed text shrank: median 420 characters over 4 statements read from the feed, "
                                "usual 1575 (last 4 runs); does the feed carry excerpts now?")


def test_history_needs_three_runs_and_can_be_turned_off():
    items = [FeedText(420, False, False)] * 4
    assert feed_text_check(items, [1600.0, 1500.0])["problem"] is None
    assert feed_text_check(items, [1600.0] * 5, FeedCheckSettings(history=0))["problem"] is None


def test_state_store_history_skips_flagged_and_thin_runs():
    store = StateStore(None)
    for run_id, feed in (("r1", {"items": 5, "median_chars": 1500, "problem": None}),
                         ("r2", {"items": 1, "median_chars": 90, "problem": None}),
                         ("r3", {"items": 5, "median_chars": 200, "problem": "feed text looks cut"}),
                         ("r4", {"items": 4, "median_chars": 1300, "problem": None})):
        store.start_run(run_id, f"2026-12-0{run_id[1]}T00:00:00+00:00")
        store.finish_run(run_id, "finished", json.dumps({"feed_text": feed}))
    store.start_run("r5", "2026-12-05T00:00:00+00:00")
    assert store.feed_text_medians("r5", 10, 3) == [1300.0, 1500.0]


def test_thresholds_come_from_rdi_toml(tmp_path):
    """``[crawl] feed_min_chars`` (and the other ``feed_*`` keys, ``text_samples``) in ``rdi.toml``
    reach the crawl, as ``download_delay`` does: the same whole texts fail a stricter check."""
    from tests.crawlers.conftest import write_config

    home = tmp_path / "home"
    write_config(home, feed_min_chars=100000, feed_min_items=2, text_samples=0)
    run = crawl_mirror(SRC, ROOT / "full", home, since="2025-07-01")
    check = run.result.health["feed_text"]
    assert not run.result.ok
    assert (check["items"], check["short"]) == (4, 4)
    assert "4 have under 100000 characters" in check["problem"]
    from pipeline.config import load_project
    from pipeline.crawl import crawl_settings

    assert crawl_settings(load_project(home))["RDI_TEXT_SAMPLES"] == "0"
