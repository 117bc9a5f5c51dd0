"""``rdi tag``: score every eligible unit the current model has not scored yet.

Pending units are read from the published snapshot (no lock held while the tagger
runs); each batch's results are written to the warehouse in one short transaction
(Arrow, never row by row), replacing whatever that model had stored for those units, so
re-running is idempotent and a killed run resumes where it stopped. Only eligible units
are tagged: official words in the original language, no translations, no cross-site
duplicates (their originals are tagged instead). A unit longer than the tagger's
pipeline reads in one doc (spaCy's ``max_length``) is left pending and counted in
``units_too_long`` rather than failing the run (the index notes list pending units).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.config import Project
from warehouse import db, sqlfiles
from warehouse.runs import next_run_id, record_run

BATCH_UNITS = 2000


@dataclass
class TagResult:
    """What one ``rdi tag`` run did."""

    model_version: str
    units_pending: int
    units_tagged: int
    sentences: int
    units_flagged: int
    batches: int
    seconds: float
    snapshot: str | None
    units_too_long: int = 0  # left pending: longer than the tagger reads in one doc


def _sentence_table(tags: Iterable[Any]) -> Any:
    import pyarrow as pa

    cols: dict[str, list[Any]] = {k: [] for k in (
        "unit_id", "idx", "start_char", "end_char", "text", "p_history", "p_territory",
        "p_nationalist", "p_conciliatory", "history", "territory", "nationalist",
        "conciliatory", "target", "severity", "cues")}
    for t in tags:
        cols["unit_id"].append(t.unit_id)
        cols["idx"].append(t.idx)
        cols["start_char"].append(t.start)
        cols["end_char"].append(t.end)
        cols["text"].append(t.text)
        for name in ("p_history", "p_territory", "p_nationalist", "p_conciliatory"):
            cols[name].append(float(getattr(t, name)))
        for name in ("history", "territory", "nationalist", "conciliatory"):
            cols[name].append(bool(getattr(t, name)))
        cols["target"].append(t.target)
        cols["severity"].append(int(t.severity))
        cols["cues"].append(list(t.cues or []))
    schema = pa.schema([
        ("unit_id", pa.string()), ("idx", pa.int32()), ("start_char", pa.int32()),
        ("end_char", pa.int32()), ("text", pa.string()), ("p_history", pa.float32()),
        ("p_territory", pa.float32()), ("p_nationalist", pa.float32()),
        ("p_conciliatory", pa.float32()), ("history", pa.bool_()), ("territory", pa.bool_()),
        ("nationalist", pa.bool_()), ("conciliatory", pa.bool_()), ("target", pa.string()),
        ("severity", pa.int8()), ("cues", pa.list_(pa.string())),
    ])
    return pa.table(cols, schema=schema)


def _write_batch(
    con: Any, model_version: str, units: list[tuple[str, str]], sentences: Any, now: datetime
) -> int:
    """Replace one batch in a transaction; return how many units got a hostile flag."""
    import pyarrow as pa

    counts: dict[str, int] = {}
    for uid in sentences.column("unit_id").to_pylist():
        counts[uid] = counts.get(uid, 0) + 1
    unit_tbl = pa.table({
        "unit_id": [u for u, _ in units],
        "unit_hash": [h for _, h in units],
        "n_sentences": pa.array([counts.get(u, 0) for u, _ in units], pa.int32()),
    })
    con.register("tag_sentences_arrow", sentences)
    con.register("tag_units_arrow", unit_tbl)
    try:
        with db.transaction(con):
            sqlfiles.run(con, "tag/write", {"model_version": model_version, "now": now})
            flagged = con.execute(
                "select count(distinct unit_id) from unit_flags where hostile and model_version = ? "
                "and unit_id in (select unit_id from tag_batch)", [model_version]
            ).fetchall()[0][0]
    finally:
        con.unregister("tag_sentences_arrow")
        con.unregister("tag_units_arrow")
    return int(flagged)


def _fits(tagger: Any, lang: str, text: str) -> bool:
    """True when the tagger's pipeline for ``lang`` can read ``text`` in one doc."""
    from nlp.text import read_text

    limit = tagger.nlp(lang).max_length
    return len(text) <= limit or len(read_text(text, lang).text) <= limit


_LOADED: dict[tuple[Any, ...], Any] = {}


def loaded_tagger(model_dir: Path | None = None) -> Any:
    """The tagger of ``model_dir`` (default: the newest model), loaded and checked once per process
    while every file of its folder keeps its size and times (a long ``rdi run`` or a test session
    tags many times; loading checks 40 MB of hashes and rebuilds the estimators, 1–2 s)."""
    from nlp.model_files import resolve_model_dir
    from nlp.tagger import load_tagger

    path = resolve_model_dir(model_dir).resolve()
    try:
        files = sorted(f for f in path.rglob("*") if f.is_file())
        key = (path, *((str(f.relative_to(path)), (st := f.stat()).st_size, st.st_mtime_ns, st.st_ctime_ns)
                       for f in files))
    except OSError:
        return load_tagger(path)  # gone or unreadable: load_tagger says so
    if key not in _LOADED:
        tagger = load_tagger(path)
        _LOADED.clear()
        _LOADED[key] = tagger
    return _LOADED[key]


def tag(
    project: Project,
    *,
    model_dir: Path | None = None,
    tagger: Any = None,
    batch_units: int = BATCH_UNITS,
    timeout: float | None = None,
) -> TagResult:
    """Tag pending units with the tagger of ``model_dir`` (default: the newest model)."""
    from nlp.tagger import UnitInput

    t0 = time.perf_counter()
    started = datetime.now(UTC)
    tagger = tagger or loaded_tagger(model_dir)
    version = tagger.model_version
    wait = db.lock_timeout(project.config) if timeout is None else timeout
    reader = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        pending = sqlfiles.query(reader, "tag/pending", {"model_version": version})
        done = n_sent = n_flag = batches = too_long = 0
        for start in range(0, len(pending), batch_units):
            ids = [u for u, _ in pending[start:start + batch_units]]
            rows = sqlfiles.query(reader, "tag/batch_units", {"unit_ids": ids})
            readable = [r for r in rows if _fits(tagger, r[1], r[2])]
            too_long += len(rows) - len(readable)
            rows = readable
            inputs = [UnitInput(unit_id=u, lang=lang, text=text, context=ctx)
                      for u, lang, text, ctx, _ in rows]
            sentences = _sentence_table(tagger.tag(inputs))
            with db.writer(project.warehouse_path, timeout=wait) as con:
                n_flag += _write_batch(con, version, [(r[0], r[4]) for r in rows],
                                       sentences, datetime.now(UTC))
            done += len(rows)
            n_sent += sentences.num_rows
            batches += 1
    finally:
        reader.close()
    result = TagResult(version, len(pending), done, n_sent, n_flag, batches,
                       0.0, None, too_long)
    with db.writer(project.warehouse_path, timeout=wait) as con:
        record_run(con, next_run_id(con), "tag", started, "ok",
                   {k: v for k, v in result.__dict__.items() if k != "snapshot"})
        result.snapshot = str(db.publish_snapshot(con, project.snapshot_path))
    result.seconds = time.perf_counter() - t0
    return result
