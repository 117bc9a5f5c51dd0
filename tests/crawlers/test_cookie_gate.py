"""The MOFA Korea style cookie gate (307 to the same URL until a cookie is sent), bounded."""

from __future__ import annotations

import json
import shutil

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_conferences_ja"  # any spider: the gate is handled below the spiders


def _gated(tmp_path, headers: dict) -> object:
    root = tmp_path / "site"
    shutil.copytree(FILES / SRC, root)
    for page in root.rglob("*.html"):
        (page.parent / f"{page.name}.rdi-headers.json").write_text(json.dumps(headers), "utf-8")
    return root


def test_gate_opens_with_the_cookie(tmp_path):
    run = crawl_mirror(SRC, _gated(tmp_path, {"require_cookie": "TMOSHCooKie"}), tmp_path / "home", since="2026-07-01")
    assert (run.result.ok, len(run.items)) == (True, 3)


def test_gate_is_passed_once_per_path(tmp_path):
    run = crawl_mirror(SRC, _gated(tmp_path, {"require_cookie": "TMOSHCooKie"}), tmp_path / "home", since="2026-07-01")
    # Path=/ cookie: only the two discovery requests sent before it was set hit the gate
    assert 1 <= run.result.health["cookie_gate_hops"] <= 2


def test_gate_that_never_opens_is_bounded_and_reported(tmp_path):
    loop = {"status": 307, "headers": {"Location": "/mofaj/press/kaiken/gaisho/index.html"}}
    root = _gated(tmp_path, {})
    host = root / "www.mofa.go.jp" / "mofaj" / "press" / "kaiken"
    for index in ("gaisho/index.html", "hodokan/index.html"):
        loop["headers"]["Location"] = "/mofaj/press/kaiken/" + index
        (host / f"{index}.rdi-headers.json").write_text(json.dumps(loop), "utf-8")
    run = crawl_mirror(SRC, root, tmp_path / "home", since="2026-07-01")
    assert (run.result.ok, run.items, run.result.health["cookie_gate_hops"]) == (False, [], 6)
