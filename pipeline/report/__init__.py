"""``rdi report``: the month's story from the warehouse as one self-contained HTML file and a PDF.

:func:`build_report` reads the published snapshot (:mod:`pipeline.report.data`), draws the
charts (:mod:`pipeline.report.charts`), renders the page (:mod:`pipeline.report.render`) and
prints it with headless Chromium (:mod:`pipeline.report.pdf`). Files are written to temporary
names and renamed into place; re-running overwrites the month's report with the same content
for the same snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crawlers.files import write_atomic
from pipeline.config import Project
from pipeline.report.data import ReportData, ReportError, gather, parse_month
from pipeline.report.pdf import PdfOutcome, print_pdf
from pipeline.report.render import METHODOLOGY_URL, render_html
from pipeline.sql import open_snapshot

__all__ = ["ReportError", "ReportResult", "build_report", "report_paths"]


@dataclass
class ReportResult:
    """Where the report went; ``pdf`` is None when printing was skipped (``pdf_skipped`` says why)."""

    month: str
    html: Path
    pdf: Path | None
    pdf_skipped: str | None
    vintage: str
    evidence_sentences: int


def report_paths(project: Project, month: str, out: Path | None = None) -> tuple[Path, Path]:
    """The HTML and PDF paths of ``month``'s report (default folder ``<home>/reports``)."""
    folder = Path(out) if out is not None else project.home / "reports"
    stem = f"rdi-report-{month}"
    return folder / f"{stem}.html", folder / f"{stem}.pdf"


def build_report(project: Project, month: str | None = None, *, out: Path | None = None,
                 pdf: bool = True, chromium: str | None = None) -> ReportResult:
    """Write the report of ``month`` (YYYY-MM; None: the latest indexed month) as HTML and,
    when Chromium is available, PDF."""
    if month is not None:
        parse_month(month)
    con = open_snapshot(project)
    try:
        data: ReportData = gather(con, month)
    finally:
        con.close()
    month = data.month
    html_path, pdf_path = report_paths(project, month, out)
    folder = html_path.parent
    if folder.exists() and not folder.is_dir():
        raise ReportError(f"--out {folder} is not a folder")
    section = project.config.get("report", {}) or {}
    page = render_html(data, methodology_url=str(section.get("methodology_url", METHODOLOGY_URL)))
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(html_path, page)
    outcome = (print_pdf(html_path, pdf_path, chromium=chromium or section.get("chromium"))
               if pdf else PdfOutcome(None, "not requested (--no-pdf)"))
    if outcome.path is None and pdf_path.is_file():
        pdf_path.unlink()  # an older PDF would no longer match the HTML beside it
        outcome.skipped = f"{outcome.skipped}; removed the older {pdf_path.name}"
    return ReportResult(
        month=month, html=html_path, pdf=outcome.path, pdf_skipped=outcome.skipped,
        vintage=data.release.vintage, evidence_sentences=len(data.evidence),
    )
