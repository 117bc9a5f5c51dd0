"""Template and input variants without a real capture, and ``rdi parse`` on pages it must refuse.

The kantei pages of the 2022–24 template (tests/files/jp_kantei_statements_ja_2024, markup per its
SOURCES.md) and the refusals are parsed in one Scrapy process (``parse_pages``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from crawlers.base import site_of
from crawlers.spiders import jp_kantei_common as kc
from crawlers.spiders.jp_kantei_statements_ja import JpKanteiStatementsJaSpider
from crawlers.spiders.us_dod_releases import UsDodReleasesSpider
from crawlers.spiders.us_whitehouse_statements import UsWhitehouseStatementsSpider
from pipeline.parse import ParseError, parse_pages
from tests.crawlers.conftest import FILES

OLD = FILES / "jp_kantei_statements_ja_2024" / "www.kantei.go.jp" / "jp" / "101_kishida" / "statement"
OLD_URL = "https://www.kantei.go.jp/jp/101_kishida/statement/2024/0814kaiken.html"
PDFS = FILES / "jp_mod_press_conferences_ja" / "www.mod.go.jp" / "j" / "press" / "news" / "2026" / "08"
WH_LIST = FILES / "us_whitehouse_statements_lists" / "bidenwhitehouse.archives.gov" / "briefing-room" / "statements-releases" / "index.html"
WHATS = FILES / "jp_mofa_press_releases_en_whats" / "www.mofa.go.jp" / "whats" / "index.html"
PDF_TEXT, PDF_SCAN = PDFS / "17a.pdf", PDFS / "17b.pdf"  # a PDF with a text layer, one without


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("variants")
    (tmp / "empty.html").write_bytes(b"")
    (tmp / "page.json").write_text('{"data": {"list": []}}', "utf-8")
    (tmp / "404.html").write_text("<html><head><title>お探しのページは見つかりませんでした | 首相官邸</title></head><body><main>"
                                  "<h1>お探しのページは見つかりませんでした</h1><p>URLが変更されたか、削除された可能性があります。</p>"
                                  "</main></body></html>", "utf-8")
    specs = [
        ("jp_kantei_statements_ja", OLD_URL, OLD / "2024" / "0814kaiken.html"),
        ("jp_kantei_statements_ja", "https://www.kantei.go.jp/jp/101_kishida/statement/index.html", OLD / "index.html"),
        ("jp_kantei_statements_ja", "https://www.state.gov/kenyan-general-elections/", OLD / "index.html"),
        ("jp_kantei_statements_ja", "https://www.kantei.go.jp/jp/105/actions/202608/19tel_kaidan.html", OLD / "index.html"),
        ("jp_kantei_statements_ja", "https://www.kantei.go.jp/index-jnews.rdf", tmp / "page.json"),
        ("us_whitehouse_statements", "https://www.whitehouse.gov/sitemap_index.xml", OLD / "index.html"),
        ("jp_kantei_statements_ja", OLD_URL, tmp / "empty.html"),
        ("jp_kantei_statements_ja", OLD_URL, tmp),
        ("jp_mofa_press_releases_ja", "https://www.mofa.go.jp/mofaj/files/100791692.pdf", PDF_TEXT),
        ("jp_mofa_press_releases_en", "https://www.mofa.go.jp/files/100791692.pdf", PDF_SCAN),
        ("us_whitehouse_statements", "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/", WH_LIST),
        ("jp_kantei_statements_ja", "https://www.kantei.go.jp/jp/105/statement/2026/0101x.html", tmp / "404.html"),
        ("jp_mofa_press_releases_en", "https://www.mofa.go.jp/whats/index.html", WHATS),
    ]
    return parse_pages(specs)


@pytest.fixture(scope="module")
def old_detail(parsed):
    (rec,) = parsed[0]
    return rec


# --- kantei 2022–24 template -------------------------------------------------------------------

def test_old_list_dates_from_sibling_date_block():
    sel = Selector(text=(OLD / "index.html").read_text("utf-8"))
    assert [(i["href"], i["date"].isoformat()) for i in kc.list_items(sel)] == [
        ("/jp/101_kishida/statement/2024/0814kaiken.html", "2024-08-14"),
        ("/jp/101_kishida/statement/2024/0806hiroshima.html", "2024-08-06"),
    ]


def test_old_list_discovered(parsed):
    assert [r["discovered"] for r in parsed[1]] == [
        "https://www.kantei.go.jp/jp/101_kishida/statement/2024/0814kaiken.html",
        "https://www.kantei.go.jp/jp/101_kishida/statement/2024/0806hiroshima.html",
    ]


def test_old_detail_title(old_detail):
    assert old_detail["title"] == "岸田内閣総理大臣記者会見"


def test_old_detail_event_date(old_detail):
    assert old_detail["event_date"] == "2024-08-14"


def test_old_detail_update_date(old_detail):
    assert old_detail["extra"]["updated_date"] == "2024-08-14"


def test_old_detail_speaker(old_detail):
    assert old_detail["speaker"] == "岸田文雄内閣総理大臣"


def test_old_detail_statement_id(old_detail):
    assert old_detail["statement_id"] == "jp_kantei_statements_ja:101_kishida/statement/2024/0814kaiken"


def test_old_detail_turn_roles(old_detail):
    assert [t["role"] for t in old_detail["turns"]] == ["official", "moderator", "reporter", "official"]


def test_old_detail_doc_type(old_detail):
    assert old_detail["doc_type"] == "press_conference"


@pytest.mark.parametrize("furniture", ["動画を再生", "ポスト", "総理の一日", "Copyright", "トップ", "更新日"])
def test_old_detail_text_without_furniture(old_detail, furniture):
    assert furniture not in old_detail["text"]


def test_old_detail_text_ends_with_answer(old_detail):
    assert old_detail["text"].endswith("未来志向の関係を築いてまいります。")


# --- pages rdi parse refuses with one line -----------------------------------------------------

def test_other_site_refused(parsed):
    assert str(parsed[2]) == ("no callback of jp_kantei_statements_ja reads https://www.state.gov/kenyan-general-elections/ "
                              "(not one of its feeds, lists or statement pages on kantei.go.jp)")


def test_page_the_spider_never_requests_refused(parsed):
    assert isinstance(parsed[3], ParseError) and "no callback of jp_kantei_statements_ja reads" in str(parsed[3])


def test_json_on_a_feed_url(parsed):
    assert str(parsed[4]) == ("the spider failed on this page: ValueError: https://www.kantei.go.jp/index-jnews.rdf: "
                              "not an RSS/RDF/Atom feed (it starts '{\"data\": {\"list\": []}}')")


def test_html_on_a_sitemap_url(parsed):
    assert "not a sitemap (it starts '<!DOCTYPE html>" in str(parsed[5])


def test_empty_file(parsed):
    assert str(parsed[6]).endswith("empty.html: the file is empty")


def test_page_not_found_is_not_a_statement(parsed):
    assert "the site answered a 'page not found' page, not a statement" in str(parsed[11])


def test_directory_as_file(parsed):
    assert str(parsed[7]).endswith(": not a regular file")


# --- statements published only as PDF (MOFA joint statements) -------------------------------------

def test_pdf_statement_text(parsed):
    (rec,) = parsed[8]
    assert rec["text"] == "Ministry of Defense: the Minister will visit Australia. Test text."


def test_pdf_statement_id(parsed):
    (rec,) = parsed[8]
    assert rec["statement_id"] == "jp_mofa_press_releases_ja:files/100791692"


def test_pdf_without_text_layer_is_partial(parsed):
    (rec,) = parsed[9]
    assert (rec["text_status"], rec["extra"]["text_missing"]) == ("partial", "pdf_without_text")


def test_pdf_link_on_a_release_list_is_followed():
    from crawlers.spiders.jp_mofa_press_releases_ja import ITEM_RE

    assert ITEM_RE.match("https://www.mofa.go.jp/mofaj/files/100791692.pdf")


# --- White House WordPress lists (Biden/Trump-1 themes) ----------------------------------------

def test_wh_wordpress_list_statement_links(parsed):
    assert [r["discovered"] for r in parsed[10]] == [
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2024/08/18/readout-of-a-trilateral-call/",
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2024/08/17/statement-on-the-anniversary-of-camp-david/",
    ]


def test_mofa_whats_new_links_incl_pdf(parsed):
    assert [r["discovered"] for r in parsed[12]] == [
        "https://www.mofa.go.jp/press/release/pressite_000001_01234.html",
        "https://www.mofa.go.jp/a_o/na/kr/pageite_000001_00999.html",
        "https://www.mofa.go.jp/files/100999999.pdf",
    ]


# --- MOFA Korea list pagers ---------------------------------------------------------------------

@pytest.mark.parametrize("pager", [
    '<div class="paginate"><strong>1</strong> <a href="./list.do?page=2">2</a></div>',
    '<div class="board_pager"><a href="#" onclick="goPage(\'2\'); return false;">2</a></div>',
    '<ul class="pagination"><li><a href="javascript:fn_link_page(2);">2</a></li></ul>',
])
def test_mofa_kr_next_page(pager):
    from scrapy.http import HtmlResponse

    from crawlers.spiders.kr_mofa_briefings_ko import KrMofaBriefingsKoSpider

    url = "https://www.mofa.go.kr/www/brd/m_4078/list.do?page=1"
    response = HtmlResponse(url, body=f"<html><body>{pager}</body></html>".encode(), encoding="utf-8")
    assert KrMofaBriefingsKoSpider()._next_page_url(response, 1) == "https://www.mofa.go.kr/www/brd/m_4078/list.do?page=2"


def test_mofa_kr_last_page():
    from scrapy.http import HtmlResponse

    from crawlers.spiders.kr_mofa_briefings_ko import KrMofaBriefingsKoSpider

    response = HtmlResponse("https://www.mofa.go.kr/www/brd/m_4078/list.do?page=3",
                            body=b'<div class="paginate"><a href="./list.do?page=2">2</a><strong>3</strong></div>', encoding="utf-8")
    assert KrMofaBriefingsKoSpider()._next_page_url(response, 3) is None


# --- which URLs a spider reads -----------------------------------------------------------------

@pytest.mark.parametrize(("host", "site"), [
    ("www.kantei.go.jp", "kantei.go.jp"), ("www.mofa.go.kr", "mofa.go.kr"), ("2021-2025.state.gov", "state.gov"),
    ("bidenwhitehouse.archives.gov", "archives.gov"), ("www.korea.kr", "korea.kr"),
])
def test_site_of(host, site):
    assert site_of(host) == site


def test_retired_white_house_host_is_read():
    assert UsWhitehouseStatementsSpider.handles_url(
        "https://obamawhitehouse.archives.gov/the-press-office/2014/04/25/press-conference-president-obama-and-president-park-republic-korea")


def test_defense_gov_read_by_the_war_gov_source():
    assert UsDodReleasesSpider.handles_url("https://www.defense.gov/Newsroom/Releases/Release/Article/2411893/x/")


def test_transcript_not_read_by_the_releases_source():
    assert not UsDodReleasesSpider.handles_url("https://www.defense.gov/Newsroom/Transcripts/Transcript/Article/2411893/x/")


def test_pm_activity_page_not_a_statement():
    assert not JpKanteiStatementsJaSpider.handles_url("https://www.kantei.go.jp/jp/105/actions/202608/19tel_kaidan.html")


def test_hub_is_read():
    assert JpKanteiStatementsJaSpider.handles_url("https://www.kantei.go.jp/index.html")


def test_the_test_pages_exist():
    assert Path(OLD / "2024" / "0814kaiken.html").is_file()


def test_pm_activities_list_is_read_for_its_statement_links():
    assert JpKanteiStatementsJaSpider.handles_url("https://www.kantei.go.jp/jp/105/actions/202608/index.html")
