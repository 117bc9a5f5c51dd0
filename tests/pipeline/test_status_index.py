"""Index alerts (the ``alerts`` view of the index) reach the alert log and the webhook."""

from __future__ import annotations

from pipeline.alerts import AlertSettings, check_alerts, index_alerts
from pipeline.index import build_index
from warehouse import db


def test_unusual_last_month_is_an_index_alert(scored_warehouse, snap):
    project = scored_warehouse(months=30)  # 2023-01 .. 2025-06
    with db.writer(project.warehouse_path) as con:  # KR turns hostile toward JP in the last month
        con.execute("""update unit_flags set hostile = true, history = true, severity_max = 3
                       where unit_id in (select unit_id from units
                                         where country = 'KR' and unit_date >= date '2025-06-01')""")
        db.publish_snapshot(con, project.snapshot_path)
    build_index(project, draws=400)
    flagged = snap("select month, actor, target from alerts where month >= '2025-05' order by 1, 2, 3", rows=True)
    assert ("2025-06", "KR", "JP") in flagged
    con = db.connect_reader(project.snapshot_path)
    try:
        got = index_alerts(con, AlertSettings())
    finally:
        con.close()
    assert [(a.data["month"], a.data["actor"], a.data["target"]) for a in got] == flagged
    events = check_alerts(project)
    assert ("open", "index:KR:JP:2025-06") in {(e["event"], e["key"]) for e in events}
    assert check_alerts(project) == []  # sent once
    from pipeline.status import status

    st = status(project)
    assert "index:KR:JP:2025-06" in {a["key"] for a in st.alerts}
    assert st.needs_attention is False  # news about the discourse, not an operations problem
