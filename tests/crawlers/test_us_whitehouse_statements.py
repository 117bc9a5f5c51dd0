"""us_whitehouse_statements: sitemap index → post-sitemaps with lastmod; four page templates.

Saved pages: the current WordPress site and the Biden archive host (tests/files); real
captures of the Obama/Trump-era Drupal pages and the Biden-era RSS (../shared, in place).
"""

from __future__ import annotations

import re
import shutil

import pytest

from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_whitehouse_statements"
ROOT = FILES / SRC
STATEMENT = f"{SRC}:briefings-statements/2026/03/statement-from-the-press-secretary-on-the-republic-of-korea-japan-united-states-trilateral-meeting"
REMARKS = f"{SRC}:remarks/2026/02/remarks-by-president-trump-and-prime-minister-takaichi-of-japan-before-bilateral-meeting"
CAMP_DAVID = f"{SRC}:briefing-room/statements-releases/2023/08/18/joint-statement-of-the-united-states-japan-and-the-republic-of-korea"
PARK = "https://www.whitehouse.gov/the-press-office/2014/04/25/press-conference-president-obama-and-president-park-republic-korea"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2026-01-01")


@pytest.fixture(scope="module")
def second(first, module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2026-01-01")


@pytest.fixture(scope="module")
def statement(first):
    return first.by_id(STATEMENT)


@pytest.fixture(scope="module")
def remarks(first):
    return first.by_id(REMARKS)


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    return crawl_mirror(SRC, ROOT, tmp_path_factory.mktemp("wh_backfill"), since="2023-01-01")


@pytest.fixture(scope="module")
def park(real_parsed):
    (rec,) = real_parsed[(SRC, "whitehouse/2016-detail-obama-park-presser-20140425.html")]
    return rec


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_only_wanted_sections_in_window(first):
    assert sorted(i["statement_id"] for i in first.items) == [STATEMENT, REMARKS]


def test_old_sub_sitemaps_not_downloaded(first):
    assert first.result.health["requests"] <= 8


def test_title(statement):
    assert statement["title"] == "Statement from the Press Secretary on the Republic of Korea–Japan–United States Trilateral Meeting"


def test_event_date(statement):
    assert statement["event_date"] == "2026-03-01"


def test_published_at(statement):
    assert statement["published_at"] == "2026-03-01T19:30:00+00:00"


def test_speaker_from_title(statement):
    assert statement["speaker"] == "Press Secretary"


def test_text_without_footer(statement):
    assert statement["text"].splitlines()[-1] == "The President welcomes the continued improvement in relations between Japan and the Republic of Korea, two of our closest allies."


def test_text_without_title(statement):
    assert not statement["text"].startswith("Statement from")


def test_statement_doc_type(statement):
    assert statement["doc_type"] == "statement"


def test_plain_statement_has_no_turns(statement):
    assert statement["turns"] == []


def test_remarks_turn_roles(remarks):
    assert [t["role"] for t in remarks["turns"]] == ["official", "guest", "reporter", "official"]


def test_the_president_named(remarks):
    assert remarks["turns"][0]["speaker"] == "Donald J. Trump"


def test_foreign_leader_turn_flagged(remarks):
    assert remarks["extra"]["foreign_turns"] == [1]


def test_foreign_leader_turn_is_a_guest_never_scored(remarks):
    assert [t["role"] for t in remarks["turns"] if t["idx"] in remarks["extra"]["foreign_turns"]] == ["guest"]


def test_bare_q_is_reporter(remarks):
    assert remarks["turns"][2]["text"] == "Mr. President, will you discuss the trilateral relationship with South Korea?"


def test_transcript_ends_at_end_marker(remarks):
    assert remarks["turns"][-1]["text"].endswith("better than ever before.")


def test_remarks_speaker(remarks):
    assert remarks["speaker"] == "Donald J. Trump"


def test_second_crawl_emits_nothing(second):
    assert second.items == []


def test_second_crawl_fetches_no_detail_page(second):
    assert second.result.health["detail_skipped_known"] == 2


def test_changed_lastmod_is_fetched_again(first, module_home, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    sitemap = root / "www.whitehouse.gov" / "post-sitemap2.xml"
    sitemap.write_text(sitemap.read_text("utf-8").replace("2026-03-02T14:10:05+00:00", "2099-01-01T00:00:00+00:00"), "utf-8")
    page = next((root / "www.whitehouse.gov" / "briefings-statements").rglob("index.html"))
    page.write_text(page.read_text("utf-8").replace("two of our closest allies.", "two of our closest allies. (Updated.)"), "utf-8")
    crawl = crawl_mirror(SRC, root, module_home, since="2026-01-01")
    assert [(i["statement_id"], i["extra"]["version"]) for i in crawl.items] == [(STATEMENT, 2)]


def test_backfill_reads_biden_archive(backfill):
    assert backfill.by_id(CAMP_DAVID)["event_date"] == "2023-08-18"


def test_backfill_biden_body_content(backfill):
    assert backfill.by_id(CAMP_DAVID)["text"].startswith("We, the leaders of Japan, the Republic of Korea, and the United States")


def test_backfill_excludes_actions_and_fact_sheets(backfill):
    assert not [i for i in backfill.items if re.search(r"presidential-actions|fact-sheets", i["url"])]


def test_real_drupal_title(park):
    assert park["title"] == "Press Conference with President Obama and President Park of the Republic of Korea"


def test_real_drupal_event_date(park):
    assert park["event_date"] == "2014-04-25"


def test_real_drupal_turn_roles(park):
    assert [t["role"] for t in park["turns"][:4]] == ["guest", "official", "reporter", "guest"]


def test_real_drupal_obama_named(park):
    assert park["turns"][1]["speaker"] == "Barack Obama"


def test_real_drupal_foreign_leader_turns(park):
    assert park["extra"]["foreign_turns"] == [0, 3, 6, 13]
    assert {park["turns"][i]["role"] for i in (0, 3, 6, 13)} == {"guest"}


def test_real_drupal_speaker(park):
    assert park["speaker"] == "Barack Obama"


def test_real_drupal_doc_type(park):
    assert park["doc_type"] == "press_conference"


def test_real_drupal_text_stops_at_end(park):
    assert "Share This" not in park["text"] and "7:14 P.M. KST" not in park["text"]


def test_real_trump_moon_remarks(real_parsed):
    (rec,) = real_parsed[(SRC, "whitehouse/2017-detail-trump-moon-expanded-bilateral.html")]
    assert [(t["role"], t["speaker"]) for t in rec["turns"]] == [("guest", "President Moon"), ("official", "Donald J. Trump")]


@pytest.fixture(scope="module")
def drupal_list(real_parsed):
    return real_parsed[(SRC, "whitehouse/2016-press-briefings-list-page0.html")]


@pytest.fixture(scope="module")
def asia_feed(real_parsed):
    return real_parsed[(SRC, "whitehouse/rss-briefing-room-20220523-asia-trip.xml")]


def test_real_drupal_list_discovers_briefings(drupal_list):
    records = drupal_list
    assert len([r for r in records if "discovered" in r]) == 10


def test_real_drupal_list_first_link(drupal_list):
    records = drupal_list
    assert records[0] == {"discovered": "https://www.whitehouse.gov/the-press-office/2016/04/18/press-briefing-press-secretary-josh-earnest-4182016"}


def test_real_biden_feed_statements(asia_feed):
    records = asia_feed
    gaggle = next(r for r in records if "press-gaggle" in r["url"])
    assert (gaggle["doc_type"], gaggle["speaker"]) == ("briefing", "Karine Jean-Pierre")


def test_real_biden_feed_yoon_remarks_foreign_turn(asia_feed):
    records = asia_feed
    osan = next(r for r in records if "osan-air-base" in r["url"])
    assert [t["speaker"] for t in osan["turns"]] == ["Joseph R. Biden", "President Yoon"]


def test_video_only_briefing_is_not_silence(tmp_path):
    page = tmp_path / "briefing.html"
    page.write_text(
        '<html><head><meta property="og:title" content="Press Briefing by Press Secretary Karoline Leavitt" /></head>'
        '<body><main><h1>Press Briefing by Press Secretary Karoline Leavitt</h1>'
        '<time datetime="2026-07-23T13:05:00-04:00">July 23, 2026</time>'
        '<div class="entry-content"><figure class="wp-block-embed"><iframe src="https://www.youtube.com/embed/x"></iframe></figure></div>'
        "</main></body></html>",
        "utf-8",
    )
    (rec,) = parse_page(SRC, "https://www.whitehouse.gov/briefings-statements/2026/07/press-briefing-by-press-secretary-karoline-leavitt/", page)
    assert (rec["text_status"], rec["speaker"], rec["doc_type"]) == ("video_only", "Karoline Leavitt", "briefing")
