"""rdi report shows the latest release's numbers with the evidence that release counted."""

from __future__ import annotations

import pytest

from pipeline.index import build_index
from pipeline.report.data import ReportError, gather
from pipeline.sql import open_snapshot
from warehouse import db


def test_the_report_reads_its_releases_model_until_rdi_index(scored_warehouse):
    """Once a new model's scores take over, the report is still the latest release's, with
    its model; after rdi index, the new model's. A release that kept no evidence (made
    before migration 0008) is refused rather than paired with today's evidence."""
    project = scored_warehouse(months=30)
    build_index(project, draws=300)
    with db.writer(project.warehouse_path) as con:
        con.execute("insert into unit_scores select unit_id, 'm-new', unit_hash, n_sentences, "
                    "tagged_at + interval 1 hour from unit_scores where model_version = 'm-test'")
        db.publish_snapshot(con, project.snapshot_path)
    con = open_snapshot(project)
    try:
        assert gather(con, "2025-03").release.model_version == "m-test"
    finally:
        con.close()
    build_index(project, draws=300)
    con = open_snapshot(project)
    try:
        assert gather(con, "2025-03").release.model_version == "m-new"
    finally:
        con.close()
    with db.writer(project.warehouse_path) as con:
        con.execute("update index_releases set evidence_rows = null")
        db.publish_snapshot(con, project.snapshot_path)
    con = open_snapshot(project)
    try:
        with pytest.raises(ReportError, match="index release 2 was computed before .*run rdi index"):
            gather(con, "2025-03")
    finally:
        con.close()


def test_the_report_shows_the_evidence_its_release_counted(kr_loaded, kr_statement, stage,
                                                          framing_model):
    """A protest loaded and tagged after rdi index is in neither the release's numbers nor
    the report's evidence, until rdi index counts it."""
    from pipeline.load import load
    from pipeline.tag import tag

    build_index(kr_loaded, draws=300, model_dir=framing_model)

    def evidence() -> list[dict]:
        con = open_snapshot(kr_loaded)
        try:
            return gather(con, "2024-05").evidence
        finally:
            con.close()

    before = evidence()
    assert len({e["unit_id"] for e in before}) == 2
    stage([kr_statement("late", "2024-05-20", protest=True)], name="run2",
          source="kr_mofa_press_releases_ko")
    load(kr_loaded)
    tag(kr_loaded, model_dir=framing_model)
    assert evidence() == before
    build_index(kr_loaded, draws=300, model_dir=framing_model)
    assert len({e["unit_id"] for e in evidence()}) == 3
