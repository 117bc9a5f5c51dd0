"""rdi status counts as tagged only what the index can use: units scored by the current model."""

from __future__ import annotations

from pipeline.status import status
from warehouse import db


def test_units_tagged_counts_the_current_models_scores_only(scored_warehouse):
    """Units scored only by another model (a new model's run killed half-way, then the new
    statements tagged by it) are not in the index, which reads the current model; status must
    not report them as tagged."""
    project = scored_warehouse(months=3, model_version="m-old")
    with db.writer(project.warehouse_path) as con:
        moved = con.execute("select unit_id from unit_scores where unit_id like 'kr_mofa_src:%' "
                            "order by unit_id limit 5").fetchall()
        ids = [u for (u,) in moved]
        con.execute("update unit_scores set model_version = 'm-new' where list_contains(?, unit_id)",
                    [ids])
        con.execute("insert into sources values ('kr_mofa_src', 'kr_mofa', 'KR', null, 'ministry', "
                    "'ko', now(), now())")
        db.publish_snapshot(con, project.snapshot_path)
        current = con.execute("select model_version from current_model").fetchall()[0][0]
        expected = con.execute("select count(*) from scored_units where source = 'kr_mofa_src'"
                               ).fetchall()[0][0]
    assert current == "m-old"
    kr = next(s for s in status(project).sources if s.source == "kr_mofa_src")
    assert kr.units_tagged == expected == kr.units_eligible - 5
