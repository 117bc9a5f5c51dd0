"""``rdi run``: every stage in order (crawl → load → tag → index), returning what each did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Project

Progress = Callable[[str], None]


@dataclass
class RunSummary:
    """What one full run did, stage by stage (each value is the stage's own result object)."""

    crawl: list[Any] = field(default_factory=list)
    load: Any = None
    tag: Any = None
    index: Any = None

    @property
    def failed_sources(self) -> list[str]:
        """Sources whose crawl failed (health rule or errors)."""
        return [r.source for r in self.crawl if not getattr(r, "ok", True)]


def run_all(
    project: Project,
    *,
    sources: Sequence[str] | None = None,
    since: str | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Crawl the sources, then load, tag and index; later stages run even if a source failed."""
    from pipeline.crawl import run_crawl
    from pipeline.index import compute_index
    from pipeline.load import load
    from pipeline.tag import tag

    note = progress or (lambda _msg: None)
    summary = RunSummary()
    note("crawl")
    summary.crawl = list(run_crawl(project, sources=list(sources) if sources else None, since=since))
    note("load")
    summary.load = load(project)
    note("tag")
    summary.tag = tag(project)
    note("index")
    summary.index = compute_index(project)
    return summary
