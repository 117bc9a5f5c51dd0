"""rdi report never pairs one model's index with another model's evidence."""

from __future__ import annotations

import pytest

from pipeline.index import build_index
from pipeline.report.data import ReportError, gather
from pipeline.sql import open_snapshot
from warehouse import db


def test_report_refuses_evidence_of_another_model_than_its_index(scored_warehouse):
    project = scored_warehouse(months=30)
    build_index(project, draws=300)
    with db.writer(project.warehouse_path) as con:
        con.execute("insert into unit_scores select unit_id, 'm-new', unit_hash, n_sentences, "
                    "tagged_at + interval 1 hour from unit_scores where model_version = 'm-test'")
        db.publish_snapshot(con, project.snapshot_path)
    con = open_snapshot(project)
    try:
        with pytest.raises(ReportError, match="model m-test.*model m-new.*run rdi index"):
            gather(con, "2025-03")
    finally:
        con.close()
    build_index(project, draws=300)
    con = open_snapshot(project)
    try:
        assert gather(con, "2025-03").release.model_version == "m-new"
    finally:
        con.close()
