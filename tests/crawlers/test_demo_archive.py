"""The bundled offline demo archive: manifest completeness, coverage, provenance, and serving over HTTP."""

from __future__ import annotations

import csv
import http.client
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest

from crawlers.demo import build
from crawlers.demo.content import Content
from crawlers.demo.pages import DEMO_NOTE, site_path
from crawlers.mirror import MirrorProcess

DEMO = Path(build.__file__).resolve().parent
SITE = DEMO / "site"
MANIFEST = DEMO / "MANIFEST.tsv"
_PROV = re.compile(r"^(authored|quote https?://\S+ \d{4}-\d{2}-\d{2})(; quote https?://\S+ \d{4}-\d{2}-\d{2})*$")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def statements(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["statement_id"]: r for r in rows if r["statement_id"]}


def _files() -> set[str]:
    return {p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()}


def test_every_file_is_in_the_manifest(rows: list[dict[str, str]]) -> None:
    assert _files() - {r["path"] for r in rows} == set()


def test_every_manifest_path_exists(rows: list[dict[str, str]]) -> None:
    assert {r["path"] for r in rows} - _files() == set()


def test_get_pages_sit_at_their_real_url_path(rows: list[dict[str, str]]) -> None:
    wrong = [r["path"] for r in rows if r["kind"] in ("detail", "feed", "list", "sitemap", "robots", "hub")
             and site_path(r["url"]) != r["path"]
             and not (r["path"].endswith("/index.html") and site_path(r["url"] + "/") == r["path"])]
    assert wrong == []


def test_every_statement_has_provenance(statements: dict[str, dict[str, str]]) -> None:
    assert [s for s, r in statements.items() if not _PROV.match(r["provenance"])] == []


def test_at_least_200_statements(statements: dict[str, dict[str, str]]) -> None:
    assert len(statements) >= 200


def test_at_least_24_consecutive_months(statements: dict[str, dict[str, str]]) -> None:
    months = sorted({(int(r["event_date"][:4]), int(r["event_date"][5:7])) for r in statements.values()})
    best = run = 1
    for (y0, m0), (y1, m1) in itertools.pairwise(months):
        run = run + 1 if y1 * 12 + m1 == y0 * 12 + m0 + 1 else 1
        best = max(best, run)
    assert best >= 24


def test_all_three_languages_every_month(statements: dict[str, dict[str, str]]) -> None:
    langs: dict[str, set[str]] = defaultdict(set)
    for r in statements.values():
        langs[r["event_date"][:7]].add(r["lang"])
    assert [m for m, ls in sorted(langs.items()) if ls != {"ja", "ko", "en"}] == []


def test_at_least_four_publishers_from_three_countries(statements: dict[str, dict[str, str]]) -> None:
    hosts = {r["path"].split("/", 1)[0] for r in statements.values()}
    countries = {r["source"][:2] for r in statements.values()}
    assert (len(hosts) >= 4, countries) == (True, {"jp", "kr", "us"})


def test_translations_are_marked(statements: dict[str, dict[str, str]]) -> None:
    en_mofa = [r for r in statements.values() if r["source"] == "kr_mofa_briefings_en"]
    assert en_mofa and all(r["is_translation"] == "true" and r["translation_of"] for r in en_mofa)


def test_reporter_turns_in_the_page_match_the_manifest(statements: dict[str, dict[str, str]]) -> None:
    """Count the reporter markers actually printed in each MOFA Japan / State page."""
    markers = {"jp_mofa_press_conferences_ja": re.compile(r"<p>【[^】]*記者】"),
               "us_state_briefings": re.compile(r"<p>QUESTION: ")}
    checked = 0
    for r in statements.values():
        if r["source"] in markers and r["kind"] == "detail":
            html = (SITE / r["path"]).read_text("utf-8")
            assert len(markers[r["source"]].findall(html)) == int(r["reporter_turns"]), r["path"]
            checked += 1
    assert checked > 0 and any(int(r["reporter_turns"]) > 0 for r in statements.values())


def test_history_episodes_follow_the_calendar(statements: dict[str, dict[str, str]]) -> None:
    """Takeshima (Feb), textbooks (Mar), Yasukuni (Apr/Oct), Aug 15 appear in their months."""
    seen = {(t, r["event_date"][5:7]) for r in statements.values() for t in r["topics"].split(",")}
    assert {("takeshima", "02"), ("textbook", "03"), ("yasukuni", "04"), ("yasukuni", "10"),
            ("aug15", "08"), ("samiljeol", "03"), ("sado", "11")} <= seen


def test_html_pages_carry_the_demo_note(rows: list[dict[str, str]]) -> None:
    missing = [r["path"] for r in rows if r["kind"] == "detail" and DEMO_NOTE not in (SITE / r["path"]).read_text("utf-8")]
    assert missing == []


def test_site_is_the_output_of_the_generator(tmp_path: Path) -> None:
    """Re-rendering from content/*.jsonl reproduces site/ and the manifest byte for byte."""
    out, man = tmp_path / "site", tmp_path / "MANIFEST.tsv"
    build.write(out, man, Content.load())
    fresh = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    stale = [k for k in fresh.keys() | _files() if not (SITE / k).is_file() or fresh.get(k) != (SITE / k).read_bytes()]
    assert (stale, man.read_bytes() == MANIFEST.read_bytes()) == ([], True)


# --- served over HTTP by the mirror -------------------------------------------------------------


@pytest.fixture(scope="module")
def mirror() -> MirrorProcess:
    with MirrorProcess(SITE) as m:
        yield m


def _request(m: MirrorProcess, method: str, path: str, body: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", m.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_mirror_serves_the_kantei_feed(mirror: MirrorProcess) -> None:
    status, _, body = _request(mirror, "GET", "/www.kantei.go.jp/index-jnews.rdf")
    items = ET.fromstring(body).findall("./channel/item")
    assert (status, len(items)) == (200, 25)


def test_mirror_serves_the_president_post_endpoint(mirror: MirrorProcess,
                                                   statements: dict[str, dict[str, str]]) -> None:
    form = urlencode({"pageNo": 1, "pagePerCnt": 500, "MENU_CD": "puvIc0NF", "CONTENTS_CD": "vqNUjDNc",
                      "pSiteNo": 2, "pBoardSeq": 12, "SHORT_URL": "speeches", "sSearchGbn": "", "sSearchTxt": ""})
    status, headers, body = _request(mirror, "POST", "/www.president.go.kr/ajaxf/frBoard/bbsViewGalleryList.do",
                                     form, {"Content-Type": "application/x-www-form-urlencoded"})
    data = json.loads(body)["data"]
    expected = sorted(s.split(":", 1)[1] for s in statements if s.startswith("kr_president_speeches_ko:"))
    assert (status, headers["content-type"].split(";")[0], sorted(x["BBS_CD"] for x in data["list"]),
            data["totalRecordCount"]) == (200, "application/json", expected, len(expected))


def test_mirror_gates_mofa_korea_behind_the_cookie(mirror: MirrorProcess) -> None:
    path = "/www.mofa.go.kr/www/brd/m_4080/list.do?page=1"
    first = _request(mirror, "GET", path)
    cookie = first[1]["set-cookie"].split(";", 1)[0]
    second = _request(mirror, "GET", path, headers={"Cookie": cookie})
    assert (first[0], first[1]["location"], cookie.split("=")[0], second[0], b"f_view(" in second[2]) == (
        307, path, "TMOSHCooKie", 200, True)


def test_malformed_content_gives_a_one_line_error(tmp_path: Path) -> None:
    """A broken JSON line in a content file names the file and line; the archive is not touched."""
    import shutil

    from crawlers.demo.content import CONTENT_DIR, ContentError

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    bank = content / "sentences_en_wh.jsonl"
    bank.write_text(bank.read_text("utf-8") + '{"id": "broken", "text": \n', "utf-8")
    with pytest.raises(ContentError, match=r"^sentences_en_wh\.jsonl:\d+: invalid JSON") as exc:
        Content.load(content)
    assert "\n" not in str(exc.value)
