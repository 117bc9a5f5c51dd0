"""Crawl benchmark: re-crawl cost of an unchanged site, and raw speed on a 2,000-statement mirror.

Prints (no timing assertions; see README "Benchmarks"):
  1. first crawl of a generated kantei-style mirror of N statements (default 2,000), politeness
     delays zero: pages, seconds, pages/second (Scrapy crawl time, and wall time incl. start-up);
  2. second crawl of the same, unchanged mirror: detail-page downloads per statement (target 0:
     known pages outside their revisit window are not fetched again) and items emitted;
  3. a crawl "7 hours later" (fixed clock ``RDI_NOW``): inside the first revisit age (6 h) every
     page is due again, so about 1 download per statement, still 0 items (unchanged).

Usage: ``.venv/bin/python bench/crawl.py [--statements N]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawlers.mirror import MirrorProcess  # noqa: E402
from pipeline.config import load_project  # noqa: E402
from pipeline.crawl import run_crawl  # noqa: E402
from tests.crawlers import sitegen  # noqa: E402

SRC = "jp_kantei_statements_ja"


def main(argv: list[str] | None = None) -> int:
    """Run the three crawls and print a small table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=2000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root, home = Path(tmp) / "site", Path(tmp) / "home"
        n = len(sitegen.build(root, args.statements))
        home.mkdir()
        (home / "rdi.toml").write_text("[crawl]\ndownload_delay = 0\nconcurrent_requests = 16\n"
                                       "concurrent_requests_per_domain = 16\nlog_level = \"INFO\"\n", "utf-8")
        rows = []
        with MirrorProcess(root) as mirror:
            project = load_project(home, host_map=mirror.host_map)
            for label, extra in (("first crawl", None), ("second crawl, unchanged", None),
                                 ("7 h later (revisit window)", {"RDI_NOW": (datetime.now(UTC) + timedelta(hours=7)).isoformat()})):
                t0 = time.monotonic()
                (r,) = run_crawl(project, [SRC], since="2000-01-01", extra_settings=extra)
                wall = time.monotonic() - t0
                h = r.health
                if not r.ok:
                    print(f"{label}: FAILED {r.problems}", file=sys.stderr)
                    return 1
                rows.append((label, h["requests"], h["elapsed_seconds"], wall, h["detail_downloads"], r.items))
    print(f"kantei-style mirror: {n} statements, delays 0, 127.0.0.1")
    print(f"{'run':30} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'wall s':>7} {'detail/stmt':>12} {'items':>6}")
    for label, pages, crawl_s, wall, details, items in rows:
        rate = pages / crawl_s if crawl_s else float("nan")
        print(f"{label:30} {pages:6d} {crawl_s:8.2f} {rate:8.1f} {wall:7.2f} {details / n:12.3f} {items:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
