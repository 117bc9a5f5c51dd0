"""A ``[crawl]`` health-check key of ``rdi.toml`` that is no fit number stops the crawl up front.

``feed_min_items`` … ``feed_history`` and ``text_samples`` reach Scrapy as settings read with
getint/getfloat: ``feed_min_items = "many"`` used to fail every source's crawl with
"ValueError: invalid literal for int() with base 10: 'many'", naming neither the key nor the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_project
from pipeline.crawl import crawl_settings, run_crawl

SOURCE = "us_state_briefings"
REPO = Path(__file__).resolve().parents[2]


def _home(tmp_path: Path, line: str) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "rdi.toml").write_text(f"[crawl]\ndownload_delay = 0\n{line}\n", "utf-8")
    return home


@pytest.mark.parametrize(("line", "message"), [
    ('feed_min_items = "many"', "[crawl] feed_min_items in rdi.toml must be an integer >= 0, not 'many'"),
    ("feed_min_chars = 2.5", "[crawl] feed_min_chars in rdi.toml must be an integer >= 0, not 2.5"),
    ("feed_bad_share = 50", "[crawl] feed_bad_share in rdi.toml must be a number from 0 to 1, not 50"),
    ('feed_drop = "half"', "[crawl] feed_drop in rdi.toml must be a number from 0 to 1, not 'half'"),
    ("feed_history = -1", "[crawl] feed_history in rdi.toml must be an integer >= 0, not -1"),
    ("text_samples = true", "[crawl] text_samples in rdi.toml must be an integer >= 0, not True"),
])
def test_a_bad_value_is_named_before_any_crawl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               line: str, message: str) -> None:
    import pipeline.crawl

    def no_crawl(*_a: object, **_k: object) -> tuple[int, str]:
        raise AssertionError("a crawl was started")

    monkeypatch.setattr(pipeline.crawl, "_run_scrapy", no_crawl)
    project = load_project(_home(tmp_path, line))
    with pytest.raises(ConfigError) as err:
        run_crawl(project, [SOURCE])
    assert str(err.value) == message
    assert not project.staging_dir.exists()


def test_good_values_reach_scrapy(tmp_path: Path) -> None:
    home = _home(tmp_path, "feed_min_items = 0\nfeed_bad_share = 1\nfeed_drop = 0.25\ntext_samples = 0")
    s = crawl_settings(load_project(home))
    assert (s["RDI_FEED_MIN_ITEMS"], s["RDI_FEED_BAD_SHARE"], s["RDI_FEED_DROP"], s["RDI_TEXT_SAMPLES"]) == (
        "0", "1", "0.25", "0")


def test_rdi_crawl_says_it_in_one_line(tmp_path: Path) -> None:
    home = _home(tmp_path, 'feed_min_items = "many"')
    env = dict(os.environ, PYTHONPATH=str(REPO), RDI_MIRROR_ONLY="1")
    env.pop("RDI_HOME", None)
    res = subprocess.run([sys.executable, "-m", "pipeline", "crawl", "--home", str(home), "--source", SOURCE],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr == "error: [crawl] feed_min_items in rdi.toml must be an integer >= 0, not 'many'\n"
