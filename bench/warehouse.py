"""Warehouse benchmark: bulk load of scored sentences, index recomputation, trend query, pandas.

Prints (or with ``--json`` one JSON object with ``load_s``, ``index_s``, ``query_ms``,
``pandas_ratio``, ``staging``, ``publish_s``, ``warehouse_mb``, ``snapshot_mb``, ``publish``):

- load_s: 1M sentences with scores (``--rows``) written through the tagger's real write path
  (``pipeline.tag._write_batch``: Arrow -> sentences, sentence_scores, unit_scores, unit_flags
  in one transaction) into a fresh warehouse file;
- index_s: ``rdi index`` (SQL inputs, numpy Monte Carlo with B = 2,000, calendar, writes)
  for 10 years x 3 actors x 5 targets x 6 channels;
- query_ms: median latency of a trend_monthly query on the loaded warehouse;
- pandas_ratio: (pandas read + monthly aggregation) / (DuckDB load + same aggregation) on the
  same JSON-lines files of scored sentences (the staging format); > 1 means DuckDB is faster
  (target >= 5). The Parquet ratio is printed too (pandas reads Parquet through Arrow);
- staging: ``rdi load`` on a staging archive of N files already loaded (``--staging-files``;
  one small file per cycle that found something, 1-3 statements of ~2.6 kB, as a server
  keeps them): seconds of the scheduler's load after a crawl that staged one new file, and of
  a load with nothing new, with the files the loader opened. It should not grow with N.
  ``--staging-only`` runs just this part.
- publish_s: seconds of ``db.publish_snapshot`` (what every write step ends with) on the warehouse
  load_s built, after a small write, with ``warehouse_mb`` and ``snapshot_mb``, its file sizes;
- publish: the same at warehouse sizes N (``--publish-rows``, default 300k and 3M: the 10-year
  size), each holding N scored sentences (~110 characters of text each, through the tagger's write
  path) and N / 10 statements of ~2.6 kB of text (in statement_versions, statements and units, as
  the loader keeps them): ``publish_s``, ``warehouse_mb``, ``snapshot_mb``, and ``logical_copy_s``,
  the seconds of the logical copy (``ATTACH .. (storage_version ..)`` + ``COPY FROM DATABASE`` +
  fsync) that publishes a warehouse still in DuckDB 2's format (created by an older rdi) and
  published every warehouse before. Every publish writes the whole warehouse once: MB written a
  step = snapshot_mb. ``--publish-only`` runs just this part.

Synthetic data (numpy, seeded); no network. Targets from the issue: index under 10 s on 2 cores,
DuckDB >= 5x pandas.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import load_project  # noqa: E402
from pipeline.index import build_index  # noqa: E402
from pipeline.load import load  # noqa: E402
from warehouse import loader  # noqa: E402
from warehouse.loader import load_files  # noqa: E402
from pipeline.tag import _write_batch  # noqa: E402
from warehouse import db  # noqa: E402

ACTORS = {"JP": "ja", "KR": "ko", "US": "en"}
TARGETS = ("JP", "KR", "US", "KP", "CN", "other")
SENTENCES_PER_UNIT = 5


def sentences_table(n_rows: int, seed: int = 1) -> tuple[pa.Table, list[tuple[str, str]], pa.Table]:
    """n_rows scored sentences (5 per unit), the units' (id, hash) and unit metadata."""
    rng = np.random.default_rng(seed)
    n_units = max(1, n_rows // SENTENCES_PER_UNIT)
    unit_idx = np.repeat(np.arange(n_units), SENTENCES_PER_UNIT)[:n_rows]
    unit_ids = np.array([f"src:{i}" for i in range(n_units)], dtype=object)
    p = rng.random((4, n_rows)).astype(np.float32) ** 3
    target = rng.choice(np.array([*TARGETS, None], dtype=object), n_rows, p=[.1] * 6 + [.4])
    sent = pa.table({
        "unit_id": pa.array(unit_ids[unit_idx], pa.string()),
        "idx": pa.array(np.arange(n_rows) % SENTENCES_PER_UNIT, pa.int32()),
        "start_char": pa.array(np.zeros(n_rows), pa.int32()),
        "end_char": pa.array(np.full(n_rows, 40), pa.int32()),
        "text": pa.array(["a sentence of about forty characters long"] * n_rows, pa.string()),
        "p_history": p[0], "p_territory": p[1], "p_nationalist": p[2], "p_conciliatory": p[3],
        "history": p[0] > .5, "territory": p[1] > .5, "nationalist": p[2] > .5,
        "conciliatory": p[3] > .5,
        "target": pa.array(target, pa.string()),
        "severity": pa.array((p[2] * 4).astype(np.int8).clip(0, 3), pa.int8()),
        "cues": pa.array([[]] * n_rows, pa.list_(pa.string())),
    })
    countries = rng.choice(list(ACTORS), n_units)
    start = np.datetime64("2013-01-01")
    days = rng.integers(0, 3650, n_units)
    meta = pa.table({
        "unit_id": pa.array(unit_ids, pa.string()),
        "country": pa.array(countries, pa.string()),
        "channel": pa.array([f"{c.lower()}_ch{k}" for c, k in zip(countries, rng.integers(0, 6, n_units), strict=True)]),
        "unit_date": pa.array(start + days.astype("timedelta64[D]")),
    })
    return sent, [(u, "h") for u in unit_ids], meta


def bench_load(home: Path, sent: pa.Table, units: list[tuple[str, str]]) -> float:
    project = load_project(home)
    with db.writer(project.warehouse_path) as con:
        t0 = time.perf_counter()
        _write_batch(con, "bench-model", units, sent, datetime.now(UTC))
        return time.perf_counter() - t0


def bench_query(home: Path, meta: pa.Table) -> float:
    """Median ms of a monthly trend query (hostile share by country x channel x target)."""
    project = load_project(home)
    with db.writer(project.warehouse_path) as con:
        con.register("meta", meta)
        con.execute(
            "insert into units by name select unit_id, unit_id as statement_id, 'src' as source, channel, "
            "country, 'ministry' as tier, 'en' as lang, unit_date, 'x' as text, 'h' as unit_hash, "
            "true as eligible from meta")
        db.publish_snapshot(con, project.snapshot_path)
    con = db.connect_reader(project.snapshot_path)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        con.execute("select * from trend_monthly where country = 'KR' and target = 'JP' "
                    "and label = 'hostile' order by month").fetchall()
        times.append(time.perf_counter() - t0)
    con.close()
    return 1000 * statistics.median(times)


AGG_SQL = """
select date_trunc('month', m.unit_date) as month, m.country, m.channel, s.target,
    count(distinct s.unit_id) as units_flagged, count(*) as sentences
from sent as s join meta as m using (unit_id)
where s.nationalist and (s.history or s.territory)
group by all
"""


def _pandas_aggregate(s, m):  # noqa: ANN001, ANN202 - pandas frames
    import pandas as pd

    hostile = s[s["nationalist"] & (s["history"] | s["territory"])]
    j = hostile.merge(m, on="unit_id")
    j["month"] = pd.to_datetime(j["unit_date"]).dt.to_period("M")
    return j.groupby(["month", "country", "channel", "target"]).agg(
        units_flagged=("unit_id", "nunique"), sentences=("unit_id", "size"))


def bench_pandas_ratio(tmp: Path, sent: pa.Table, meta: pa.Table) -> dict[str, float]:
    """Seconds for DuckDB and pandas to load the same files and run the same aggregation.

    Two inputs: JSON lines (the staging format the warehouse loads) and Parquet. DuckDB
    loads into a warehouse file (its real job); pandas only into memory.
    """
    import duckdb
    import pandas as pd

    out: dict[str, float] = {}
    for fmt in ("jsonl", "parquet"):
        if fmt == "parquet":
            pq.write_table(sent, tmp / "sent.parquet")
            pq.write_table(meta, tmp / "meta.parquet")
            reader = "read_parquet"
        else:
            con = duckdb.connect()
            for name, tbl in (("sent", sent), ("meta", meta)):
                con.register("t", tbl)
                con.execute(f"copy t to '{tmp / (name + '.jsonl')}' (format json)")
                con.unregister("t")
            con.close()
            reader = "read_json"
        t0 = time.perf_counter()
        con = duckdb.connect(str(tmp / f"agg-{fmt}.duckdb"))
        con.execute(f"create table sent as select * from {reader}('{tmp / ('sent.' + fmt)}')")
        con.execute(f"create table meta as select * from {reader}('{tmp / ('meta.' + fmt)}')")
        con.execute(AGG_SQL).fetchall()
        con.close()
        out[f"duckdb_{fmt}_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if fmt == "parquet":
            s, m = pd.read_parquet(tmp / "sent.parquet"), pd.read_parquet(tmp / "meta.parquet")
        else:
            s = pd.read_json(tmp / "sent.jsonl", lines=True)
            m = pd.read_json(tmp / "meta.jsonl", lines=True)
        _pandas_aggregate(s, m)
        out[f"pandas_{fmt}_s"] = time.perf_counter() - t0
    return out


def index_warehouse(home: Path, years: int, units_per_cell: int, seed: int = 2) -> None:
    """Units, scores and flags for years x 3 actors x 6 channels, flags toward 5 targets."""
    rng = np.random.default_rng(seed)
    units, flags = [], []
    for actor, lang in ACTORS.items():
        targets = [t for t in ("JP", "KR", "US", "KP", "CN", "other") if t != actor][:5]
        for c in range(6):
            ch = f"{actor.lower()}_ch{c}"
            for mi in range(12 * years):
                y, m = 2013 + mi // 12, mi % 12 + 1
                for k in range(units_per_cell):
                    uid = f"{ch}:{mi}:{k}"
                    units.append((uid, ch, actor, "leader" if c < 2 else "ministry", lang,
                                  date(y, m, 1 + k % 28)))
                    for t in targets:
                        if rng.random() < 0.2:
                            flags.append((uid, t, bool(rng.random() < 0.15 * (3 if m == 8 else 1))))
    project = load_project(home)
    u = pa.table(list(zip(*units, strict=True)), names=["unit_id", "channel", "country", "tier", "lang", "unit_date"])
    f = pa.table(list(zip(*flags, strict=True)), names=["unit_id", "target", "hostile"])
    with db.writer(project.warehouse_path) as con:
        con.register("u", u)
        con.register("f", f)
        con.execute("insert into units by name select unit_id, unit_id as statement_id, 'src' as source, "
                    "channel, country, tier, lang, unit_date, 'x' as text, 'h' as unit_hash, true as eligible from u")
        con.execute("insert into unit_scores select unit_id, 'bench', 'h', 1, now() from u")
        con.execute("insert into unit_flags by name select unit_id, 'bench' as model_version, target, "
                    "1 as n_sentences, hostile, case when hostile then 2 else 0 end as severity_max, "
                    "false as conciliatory, hostile as history, false as territory, hostile as nationalist, "
                    "0.5 as score_max from f")
        db.publish_snapshot(con, project.snapshot_path)


STAGING_SOURCES = tuple(f"{c.lower()}_bench_{k}" for c in ACTORS for k in range(8))[:23]


def staged_archive(staging: Path, n_files: int, start: int = 0, seed: int = 3) -> None:
    """Write files ``start .. start + n_files - 1`` of a server's staging archive: one per cycle
    that found something (20 a day), round robin over 23 sources, 1-3 statements of ~2.6 kB
    (median; lengths log-normal) each."""
    rng = np.random.default_rng(seed + start)
    words = "trilateral cooperation alliance statement region partners security talks".split()
    for i in range(start, start + n_files):
        source = STAGING_SOURCES[i % len(STAGING_SOURCES)]
        country = source[:2].upper()
        lines = []
        for k in range(int(rng.integers(1, 4))):
            text = " ".join(rng.choice(words, int(rng.lognormal(np.log(330), 0.8)) + 20))
            day = date(2013, 1, 1) + np.timedelta64(int(i // 20), "D").astype(object)
            lines.append(json.dumps({
                "statement_id": f"{source}:{i}-{k}", "source": source, "channel": source[:-2],
                "country": country, "office": "MOFA", "tier": "ministry", "lang": ACTORS[country],
                "title": f"statement {i}-{k}", "url": f"https://example.org/{source}/{i}-{k}",
                "text": text, "event_date": day.isoformat(),
                "published_at": f"{day.isoformat()}T10:00:00+00:00",
                "fetched_at": f"{day.isoformat()}T12:00:00+00:00",
                "content_hash": f"{i}-{k}", "turns": [],
            }))
        path = staging / source / f"{i:08d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", "utf-8")


def bench_staging(tmp: Path, sizes: list[int]) -> list[dict[str, float]]:
    """Per archive size N: the first load of N files, then the next cycle's load (one new
    file) and an idle load (nothing new), with the files each one opened and parsed.

    A server's archive is old, the bench's just written: the loader does not trust the times
    of files changed in the last ``RACY_SECONDS`` (60 s), so the bench shortens that to 1 s
    and waits it out before the first load.
    """
    out = []
    racy, loader.RACY_SECONDS = loader.RACY_SECONDS, 1.0
    for n in sizes:
        project = load_project(tmp / f"staging-{n}")
        staged_archive(project.staging_dir, n)
        time.sleep(1.1)
        first = load(project)
        staged_archive(project.staging_dir, 1, start=n)
        time.sleep(0.01)
        cycle = load(project)
        idle = load(project)
        with db.writer(project.warehouse_path) as con:  # the loader alone, rolled back
            con.execute("begin transaction")
            t0 = time.perf_counter()
            load_files(con, project.staging_dir, 0)
            idle_loader_s = time.perf_counter() - t0
            con.execute("rollback")
        out.append({
            "files": n, "first_load_s": round(first.seconds, 3),
            "cycle_load_s": round(cycle.seconds, 3), "cycle_files_read": cycle.files_read,
            "cycle_files_hashed": cycle.files_hashed,
            "idle_load_s": round(idle.seconds, 3),
            "idle_files_hashed": idle.files_hashed,
            "idle_loader_s": round(idle_loader_s, 3),
        })
    loader.RACY_SECONDS = racy
    return out


def _mb(path: Path) -> float:
    return round(path.stat().st_size / 1e6, 1)


def timed_publish(home: Path) -> dict[str, float]:
    """Seconds of one publish after a small committed write (a step's), and the file sizes."""
    project = load_project(home)
    with db.writer(project.warehouse_path) as con:
        con.execute("create or replace table bench_step as select now() as at")
        t0 = time.perf_counter()
        db.publish_snapshot(con, project.snapshot_path)
        publish_s = time.perf_counter() - t0
    return {"publish_s": round(publish_s, 3), "warehouse_mb": _mb(project.warehouse_path),
            "snapshot_mb": _mb(project.snapshot_path)}


def logical_copy(home: Path) -> float:
    """Seconds of the logical copy of the warehouse into a file in the snapshot's format (what
    ``publish_snapshot`` does for a warehouse in another format), fsync included."""
    import os

    project = load_project(home)
    out = home / "logical-copy.duckdb"
    with db.writer(project.warehouse_path) as con:
        source = con.execute("select current_database()").fetchall()[0][0]
        t0 = time.perf_counter()
        con.execute(f"attach '{out}' as bench_copy (storage_version '{db.SNAPSHOT_STORAGE_VERSION}')")
        con.execute(f'copy from database "{source}" to bench_copy')
        con.execute("detach bench_copy")
        with open(out, "rb") as fh:
            os.fsync(fh.fileno())
        seconds = time.perf_counter() - t0
    out.unlink()
    return seconds


def text_pool(rng: np.random.Generator, n: int = 4000) -> list[str]:
    """n paragraphs of ~290 characters: Zipf-distributed words of a 20,000-word made-up vocabulary
    (compresses about as natural text does, unlike one repeated sentence)."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, k)) for k in rng.integers(2, 10, 20_000)]
    return [" ".join(vocab[i] for i in np.minimum(rng.zipf(1.2, 45), len(vocab)) - 1) for _ in range(n)]


def publish_warehouse(home: Path, n_rows: int, seed: int = 4) -> None:
    """A warehouse of n_rows scored sentences with text and n_rows / 10 statements of ~2.6 kB."""
    rng = np.random.default_rng(seed)
    pool = text_pool(rng)
    sent, units, _meta = sentences_table(n_rows, seed)
    picks, offsets = rng.integers(0, len(pool), n_rows), rng.integers(0, 60, n_rows)
    text = pa.array([pool[p][o:o + 110] for p, o in zip(picks, offsets, strict=True)], pa.string())
    bench_load(home, sent.set_column(sent.schema.get_field_index("text"), "text", text), units)
    n_statements = max(1, n_rows // 10)
    st = pa.table({
        "statement_id": [f"src:{i}" for i in range(n_statements)],
        "text": [" ".join(pool[j] for j in rng.integers(0, len(pool), 9)) for _ in range(n_statements)],
    })
    common = ("statement_id, 'src' as source, 'ch' as channel, 'JP' as country, 'ministry' as tier, "
              "'en' as lang, 'a title' as title, 'https://example.org/' || statement_id as url, text, "
              "'ok' as text_status, date '2020-01-01' as event_date, false as is_translation, "
              "now() as loaded_at, md5(statement_id) as content_hash, 1 as version_no")
    with db.writer(load_project(home).warehouse_path) as con:
        con.register("st", st)
        with db.transaction(con):
            con.execute(f"insert into statement_versions by name select {common}, 'f' as staging_file, "
                        "1 as staging_line, 1 as load_run_id from st")
            con.execute(f"insert into statements by name select {common}, 1 as n_versions from st")
            con.execute("insert into units by name select statement_id as unit_id, statement_id, 'src' as source, "
                        "'ch' as channel, 'JP' as country, 'ministry' as tier, 'en' as lang, "
                        "date '2020-01-01' as unit_date, text, md5(statement_id) as unit_hash, true as eligible "
                        "from st")
        db.publish_snapshot(con, load_project(home).snapshot_path)


def bench_publish(tmp: Path, sizes: list[int]) -> list[dict[str, float]]:
    """Per warehouse size: publish after a step's write, the logical copy, the file sizes."""
    out = []
    for n in sizes:
        home = tmp / f"publish-{n}"
        publish_warehouse(home, n)
        row = {"sentences": n, "statements": max(1, n // 10), **timed_publish(home)}
        row["logical_copy_s"] = round(logical_copy(home), 3)
        out.append(row)
        shutil.rmtree(home)
    return out


def _print_publish(rows: list[dict[str, float]], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"publish": rows}))
        return
    for r in rows:
        print(f"publish   {r['sentences']:>10,} sentences + {r['statements']:,} statements: "
              f"warehouse {r['warehouse_mb']:,.0f} MB, snapshot {r['snapshot_mb']:,.0f} MB written in "
              f"{r['publish_s']:6.2f} s (logical copy {r['logical_copy_s']:6.2f} s)")


def _print_staging(rows: list[dict[str, float]], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"staging": rows}))
        return
    for r in rows:
        print(f"staging   {r['files']:>10,} files loaded: next cycle's load {r['cycle_load_s']:6.2f} s "
              f"({r['cycle_files_hashed']:,} opened, {r['cycle_files_read']} parsed), idle load "
              f"{r['idle_load_s']:6.2f} s (loader {r['idle_loader_s']:.2f} s, "
              f"{r['idle_files_hashed']:,} opened); first load {r['first_load_s']:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="scored sentences to load")
    ap.add_argument("--years", type=int, default=10, help="years of months for the index")
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--staging-files", default="1000,4000",
                    help="comma-separated sizes of the staging archive for the reload figures")
    ap.add_argument("--staging-only", action="store_true", help="run only the staging figures")
    ap.add_argument("--publish-rows", default="300000,3000000",
                    help="comma-separated scored sentences of the warehouses whose publish is timed")
    ap.add_argument("--publish-only", action="store_true", help="run only the publish figures")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    sizes = [int(n) for n in args.staging_files.split(",") if n]
    publish_sizes = [int(n) for n in args.publish_rows.split(",") if n]
    if args.publish_only:
        with tempfile.TemporaryDirectory(prefix="rdi-bench-") as tmpdir:
            publish = bench_publish(Path(tmpdir), publish_sizes)
        _print_publish(publish, args.json)
        return
    if args.staging_only:
        with tempfile.TemporaryDirectory(prefix="rdi-bench-") as tmpdir:
            staging = bench_staging(Path(tmpdir), sizes)
        _print_staging(staging, args.json)
        return
    with tempfile.TemporaryDirectory(prefix="rdi-bench-") as tmpdir:
        tmp = Path(tmpdir)
        sent, units, meta = sentences_table(args.rows)
        load_s = bench_load(tmp / "load", sent, units)
        query_ms = bench_query(tmp / "load", meta)
        published = timed_publish(tmp / "load")
        cmp = bench_pandas_ratio(tmp, sent, meta)
        scale = max(1, min(40, args.rows // 25_000))  # units per channel-month
        index_warehouse(tmp / "index", args.years, scale)
        t0 = time.perf_counter()
        res = build_index(load_project(tmp / "index"), draws=args.draws)
        index_s = time.perf_counter() - t0
        staging = bench_staging(tmp, sizes)
        publish = bench_publish(tmp, publish_sizes)
    out = {
        "rows": args.rows, "load_s": round(load_s, 3), "load_rows_per_s": round(args.rows / load_s),
        "index_s": round(index_s, 3), "index_rows": res.rows, "index_channel_cells": res.channel_rows,
        "draws": args.draws, "query_ms": round(query_ms, 2),
        **{k: round(v, 3) for k, v in cmp.items()},
        # headline: the staging format (JSON lines) the warehouse actually loads
        "pandas_ratio": round(cmp["pandas_jsonl_s"] / cmp["duckdb_jsonl_s"], 2),
        "pandas_ratio_parquet": round(cmp["pandas_parquet_s"] / cmp["duckdb_parquet_s"], 2),
        "staging": staging,
        **published,
        "publish": publish,
    }
    if args.json:
        print(json.dumps(out))
        return
    print(f"load      {args.rows:>10,} sentences with scores  {load_s:8.2f} s  "
          f"({out['load_rows_per_s']:,} rows/s)")
    print(f"index     {res.channel_rows:>10,} channel-months x {args.draws} draws  {index_s:8.2f} s  "
          f"(target < 10 s)")
    print(f"query     trend_monthly, one actor x target     {query_ms:8.1f} ms (median of 5)")
    for fmt, key in (("jsonl", "pandas_ratio"), ("parquet", "pandas_ratio_parquet")):
        print(f"pandas    {fmt:8s} load + aggregate {cmp[f'pandas_{fmt}_s']:6.2f} s vs DuckDB "
              f"{cmp[f'duckdb_{fmt}_s']:6.2f} s: ratio {out[key]:.1f}x (target >= 5x)")
    _print_staging(staging, False)
    print(f"publish   the load's warehouse ({args.rows:,} sentences): {published['warehouse_mb']:,.0f} MB, "
          f"snapshot {published['snapshot_mb']:,.0f} MB in {published['publish_s']:6.2f} s")
    _print_publish(publish, False)


if __name__ == "__main__":
    main()
