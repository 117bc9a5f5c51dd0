"""Crawl saved pages through Scrapy from a local mirror on 127.0.0.1, via the host map.

``crawl_mirror`` starts :class:`crawlers.mirror.MirrorProcess` on a folder laid out as
``<host>/<path>`` and runs the real spider with :func:`pipeline.crawl.run_crawl` (a real
``scrapy crawl`` subprocess, zero politeness delay for the local mirror), returning what the
run wrote to staging. Nothing here touches the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawlers.mirror import MirrorProcess
from pipeline.config import load_project
from pipeline.crawl import SourceRunResult, run_crawl

FILES = Path(__file__).resolve().parents[1] / "files"


@dataclass
class Crawl:
    """One run's result and the statements it staged."""

    result: SourceRunResult
    items: list[dict[str, Any]]

    def by_id(self, statement_id: str) -> dict[str, Any]:
        """The staged statement with this id (KeyError if absent)."""
        for it in self.items:
            if it["statement_id"] == statement_id:
                return it
        raise KeyError(f"{statement_id} not in {[i['statement_id'] for i in self.items]}")


def write_config(home: Path, **crawl: Any) -> None:
    """``rdi.toml`` with a ``[crawl]`` table (zero delay for the local mirror by default)."""
    crawl = {"download_delay": 0, "concurrent_requests_per_domain": 4, "robots_timeout": 5, **crawl}
    lines = ["[crawl]"] + [f"{k} = {json.dumps(v)}" for k, v in crawl.items()]
    home.mkdir(parents=True, exist_ok=True)
    (home / "rdi.toml").write_text("\n".join(lines) + "\n", "utf-8")


def staged(result: SourceRunResult) -> list[dict[str, Any]]:
    """The JSON lines a run wrote."""
    if result.feed_path is None:
        return []
    return [json.loads(line) for line in result.feed_path.read_text("utf-8").splitlines() if line.strip()]


def crawl_mirror(source: str, root: Path, home: Path, since: str | None = None, **kwargs: Any) -> Crawl:
    """Serve ``root`` on 127.0.0.1 and crawl ``source`` from it into ``home``."""
    if not (home / "rdi.toml").exists():
        write_config(home)
    with MirrorProcess(root) as mirror:
        project = load_project(home, host_map=mirror.host_map)
        (result,) = run_crawl(project, [source], since=since, timeout=120, **kwargs)
    return Crawl(result, staged(result))


@pytest.fixture(scope="module")
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project home shared by the tests of one module."""
    return tmp_path_factory.mktemp("home")


def _real_fixtures_dir() -> Path | None:
    """``RDI_REAL_FIXTURES``, else ``shared/fixtures/real`` beside the checkout or beside its parent.

    A checkout at ``/work/main`` finds ``/work/shared``; a worktree at ``/work/wt/NAME`` does too.
    """
    import os

    env = os.environ.get("RDI_REAL_FIXTURES")
    candidates = [Path(env)] if env else []
    root = Path(__file__).resolve().parents[2]
    candidates += [root.parent / "shared" / "fixtures" / "real", root.parent.parent / "shared" / "fixtures" / "real"]
    return next((c for c in candidates if c.is_dir()), None)


@pytest.fixture(scope="session")
def real_fixtures() -> Path:
    """The real captures (../shared/fixtures/real), or skip with the reason when absent."""
    found = _real_fixtures_dir()
    if found is None:
        pytest.skip("real captures not available (no ../shared/fixtures/real beside this checkout; set RDI_REAL_FIXTURES)")
    return found


#: Every real capture of ../shared/fixtures/real/MANIFEST.tsv with the source that reads it and
#: its original URL: (source, url, path under the captures folder).
REAL_PAGES: tuple[tuple[str, str, str], ...] = (
    ("jp_kantei_statements_ja", "https://www.kantei.go.jp/index-jnews.rdf", "kantei/index-jnews.rdf"),
    ("jp_kantei_ccs_ja", "https://www.kantei.go.jp/index-jnews.rdf", "kantei/index-jnews.rdf"),
    ("jp_mofa_press_releases_ja", "https://www.mofa.go.jp/mofaj/press/release/index.html", "mofa-jp/press-release-index-ja.html"),
    ("jp_mod_press_conferences_ja", "https://www.mod.go.jp/j/rss/news.xml", "mod-jp/news.xml"),
    ("us_whitehouse_statements", "https://www.whitehouse.gov/briefing-room/press-briefings?page=0",
     "whitehouse/2016-press-briefings-list-page0.html"),
    ("us_whitehouse_statements",
     "https://www.whitehouse.gov/the-press-office/2014/04/25/press-conference-president-obama-and-president-park-republic-korea",
     "whitehouse/2016-detail-obama-park-presser-20140425.html"),
    ("us_whitehouse_statements",
     "https://www.whitehouse.gov/the-press-office/2014/04/24/joint-press-conference-president-obama-and-prime-minister-abe-japan",
     "whitehouse/2016-detail-obama-abe-presser-20140424.html"),
    ("us_whitehouse_statements",
     "https://www.whitehouse.gov/the-press-office/2017/11/07/remarks-president-trump-and-president-moon-korea-expanded-bilateral",
     "whitehouse/2017-detail-trump-moon-expanded-bilateral.html"),
    ("us_whitehouse_statements", "https://www.whitehouse.gov/briefing-room/feed/", "whitehouse/rss-briefing-room-20220722.xml"),
    ("us_whitehouse_statements", "https://www.whitehouse.gov/briefing-room/feed/", "whitehouse/rss-briefing-room-20220523-asia-trip.xml"),
    ("kr_mofa_briefings_en", "http://www.mofa.go.kr/www/brd/rss.do?brdId=303", "mofa-kr/rss-brdId303-press-briefings-en-TRIMMED.xml"),
    ("kr_mofa_press_releases_en", "http://www.mofa.go.kr/www/brd/rss.do?brdId=302", "mofa-kr/rss-brdId302-press-releases-en-TRIMMED.xml"),
    ("us_dod_releases", "https://www.defense.gov/", "defense/2020-homepage-browser-saved.html"),
    ("us_dod_transcripts", "https://www.defense.gov/", "defense/2020-homepage-browser-saved.html"),
    ("us_state_statements", "https://www.state.gov/rss-feed/press-releases/feed/", "state/rss-press-releases-20220803.xml"),
    ("us_state_statements", "https://www.state.gov/rss-feed/press-releases/feed/", "state/rss-press-releases-20210523.xml"),
    ("us_state_statements", "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/south-korea/",
     "state/detail-2024-human-rights-report-south-korea.html"),
)


@pytest.fixture(scope="session")
def real_parsed(real_fixtures: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """``rdi parse`` of every real capture, keyed by (source, capture path): one Scrapy process for all."""
    from pipeline.parse import ParseError, parse_pages

    results = parse_pages([(src, url, real_fixtures / path) for src, url, path in REAL_PAGES])
    out = {}
    for (src, _, path), res in zip(REAL_PAGES, results):
        if isinstance(res, ParseError):
            raise AssertionError(f"rdi parse --source {src} failed on {path}: {res}")
        out[(src, path)] = res
    return out
