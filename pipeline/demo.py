"""``rdi demo``: the whole chain on the bundled offline archive, for real.

The archive (``crawlers/demo/site/``, laid out by real host and path) is served over HTTP on
127.0.0.1 by :mod:`crawlers.mirror`; the real spiders crawl it through the host map (with
politeness delays off: it is a local mirror), then the real load, tag and index stages run and
the monthly release files and the report of the latest month (``rdi report``) are written
into the demo home (default ``./rdi-demo``).
Running it twice on the same home loads nothing new and duplicates nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.hostmap import parse_host_map
from pipeline.config import Project, load_project

DEMO_SITE = Path(__file__).resolve().parents[1] / "crawlers" / "demo" / "site"
DEMO_HOME = Path("rdi-demo")
DEMO_SINCE = "2024-10-01"
DEMO_FILES = ("rdi_monthly.csv", "rdi_monthly.parquet", "rdi_evidence.csv")

Progress = Callable[[str, int, int], None]  # (step name, step number, total steps)


@dataclass
class DemoSummary:
    """What the demo did and where its files are."""

    home: Path
    crawl: list[Any]
    load: Any
    tag: Any
    index: Any
    statements_per_source: dict[str, int]
    sentences_tagged: int
    months_indexed: int
    latest_month: str
    files: list[Path] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[str]:
        """Demo sources whose crawl failed."""
        return [r.source for r in self.crawl if not r.ok]


def demo_sources() -> list[str]:
    """Source ids marked ``demo = true`` in ``crawlers/sources.toml``."""
    from crawlers.sources import load_sources

    return sorted(sid for sid, src in load_sources().items() if getattr(src, "demo", False))


def demo_project(home: Path | None = None) -> Project:
    """The demo's project: its own home, no host map from the environment, no crawl delays."""
    project = load_project(home or DEMO_HOME, host_map="")
    crawl_cfg = dict(project.config.get("crawl", {}) or {})
    crawl_cfg.update({"download_delay": 0, "concurrent_requests_per_domain": 8, "log_level": "INFO"})
    project.config = {**project.config, "crawl": crawl_cfg}
    project.ensure_dirs()
    return project


def _counts(project: Project) -> tuple[dict[str, int], int, int, str]:
    from warehouse import db

    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        per_source = dict(con.execute(
            "select source, count(*) from statements group by source order by source"
        ).fetchall())
        sentences = con.execute("select count(*) from sentences").fetchone()[0]
        months, latest = con.execute(
            "select count(distinct month), max(month) from index_monthly"
        ).fetchone()
    finally:
        con.close()
    return per_source, int(sentences), int(months or 0), str(latest or "")


def run_demo(home: Path | None = None, *, progress: Progress | None = None) -> DemoSummary:
    """Serve the archive, crawl it with the real spiders, load, tag, index and export."""
    from crawlers.mirror import MirrorProcess
    from pipeline.crawl import run_crawl
    from pipeline.export import export_release
    from pipeline.index import build_index
    from pipeline.load import load
    from pipeline.tag import tag

    if not DEMO_SITE.is_dir():
        raise FileNotFoundError(f"demo archive missing at {DEMO_SITE}")
    steps = ("serve + crawl", "load", "tag", "audit (simulated)", "index", "export + report")
    note = progress or (lambda _s, _i, _n: None)
    project = demo_project(home)
    sources = demo_sources()

    note(steps[0], 1, len(steps))
    with MirrorProcess(DEMO_SITE) as mirror:
        project.host_map = parse_host_map(mirror.host_map)
        crawl = run_crawl(project, sources=sources, since=DEMO_SINCE,
                          extra_settings={"RDI_MIRROR_ONLY": "True"})
    project.host_map = {}
    note(steps[1], 2, len(steps))
    loaded = load(project)
    note(steps[2], 3, len(steps))
    tagged = tag(project)
    # One SIMULATED audit round (simulated coders, AUDIT.md): shows the loop; the index skips it
    # (simulated rounds never feed it) and its release notes say so.
    note(steps[3], 4, len(steps))
    from pipeline.audit.simulate import demo_quarter, simulate_round, summary_lines

    audit = simulate_round(project, demo_quarter(project))
    note(steps[4], 5, len(steps))
    indexed = build_index(project)
    per_source, sentences, months, latest = _counts(project)

    note(steps[5], 6, len(steps))
    release = export_release(project, latest, fmt="csv,parquet", out=project.exports_dir / latest, force=True)
    files = []
    for name in DEMO_FILES:
        src = Path(release.out_dir) / name
        dst = project.home / name
        shutil.copyfile(src, dst)
        files.append(dst)
    extras: dict[str, Any] = {"release": release, "audit (SIMULATED)": "\n".join(summary_lines(audit))}
    report = _demo_report(project, latest)
    files += [p for p in (report.html, report.pdf) if p is not None]
    if report.pdf_skipped:
        extras["report"] = f"PDF skipped: {report.pdf_skipped} (the HTML report was written)"
    return DemoSummary(
        home=project.home, crawl=crawl, load=loaded, tag=tagged, index=indexed,
        statements_per_source=per_source, sentences_tagged=sentences, months_indexed=months,
        latest_month=latest, files=files, extras=extras,
    )


def _demo_report(project: Project, month: str) -> Any:
    """The monthly report of the latest demo month: HTML always, PDF when Chromium is there."""
    from pipeline.report import build_report

    return build_report(project, month, out=project.home)
