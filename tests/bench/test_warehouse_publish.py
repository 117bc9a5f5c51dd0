"""bench/warehouse.py publish figures: the warehouse it builds holds what they claim to time."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.bench.scripts import load_bench_script


def test_the_publish_bench_times_a_warehouse_of_sentences_and_statements(tmp_path: Path) -> None:
    bench = load_bench_script("warehouse")
    home = tmp_path / "home"
    bench.publish_warehouse(home, 2000)
    con = duckdb.connect(str(home / "snapshot.duckdb"), read_only=True)
    try:
        counts = con.execute("select (select count(*) from sentences), (select count(*) from statements), "
                             "(select count(*) from statement_versions), (select count(*) from units), "
                             "(select median(length(text)) from statements), "
                             "(select count(distinct text) from sentences)").fetchall()[0]
    finally:
        con.close()
    assert counts[:4] == (2000, 200, 200, 200)  # 2,000 scored sentences, 200 statements (and their units)
    assert 2000 < counts[4] < 3200 and counts[5] > 1000  # ~2.6 kB statements, sentences that differ
    (row,) = bench.bench_publish(tmp_path / "bench", [2000])
    assert row["sentences"] == 2000 and row["statements"] == 200
    assert row["publish_s"] > 0 and row["logical_copy_s"] > 0
    assert row["warehouse_mb"] == row["snapshot_mb"] > 0  # the snapshot is a copy of the checkpointed file
    assert not (tmp_path / "bench").exists() or not list((tmp_path / "bench").iterdir())
