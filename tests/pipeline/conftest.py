"""Fixtures for the warehouse stages: a project home, staged records, a real tagger model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawlers.items import Statement, Turn, content_hash
from pipeline.config import Project, load_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty project home; writers give up on a lock after 5 s unless a test says otherwise."""
    monkeypatch.setenv("RDI_LOCK_TIMEOUT", "5")
    monkeypatch.delenv("RDI_HOME", raising=False)
    return load_project(tmp_path / "home")


@pytest.fixture
def statement() -> Callable[..., dict[str, Any]]:
    """Build one Statement record (as the crawlers write it), content_hash filled."""

    def make(site_id: str, text: str, *, source: str = "jp_mofa_press_conferences_ja",
             turns: list[tuple[str, str]] | None = None, **fields: Any) -> dict[str, Any]:
        country = {"jp": "JP", "kr": "KR", "us": "US"}[source[:2]]
        lang = fields.pop("lang", {"JP": "ja", "KR": "ko", "US": "en"}[country])
        st = Statement(
            statement_id=f"{source}:{site_id}", source=source,
            channel=fields.pop("channel", "_".join(source.split("_")[:2])),
            country=country, office=fields.pop("office", "MOFA"),
            tier=fields.pop("tier", "ministry"), lang=lang,
            title=fields.pop("title", f"title {site_id}"),
            url=fields.pop("url", f"https://example.{country.lower()}/{source}/{site_id}"),
            text=text,
            event_date=fields.pop("event_date", "2024-10-15"),
            published_at=fields.pop("published_at", "2024-10-15T10:00:00+09:00"),
            fetched_at=fields.pop("fetched_at", "2024-10-16T00:00:00+00:00"),
            turns=[Turn(i, role, None, t) for i, (role, t) in enumerate(turns or [])],
            **fields,
        )
        st.content_hash = content_hash(st.text, st.turns)
        return st.to_dict()

    return make


@pytest.fixture
def stage(project: Project) -> Callable[..., Path]:
    """Write records (dicts or raw lines) to staging/<source>/<name>.jsonl."""

    def write(records: list[dict[str, Any] | str | bytes], name: str = "run1",
              source: str = "jp_mofa_press_conferences_ja", *, newline_at_end: bool = True) -> Path:
        path = project.staging_dir / source / f"{name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        parts = []
        for r in records:
            if isinstance(r, bytes):
                parts.append(r)
            elif isinstance(r, str):
                parts.append(r.encode("utf-8"))
            else:
                parts.append(json.dumps(r, ensure_ascii=False).encode("utf-8"))
        data = b"\n".join(parts) + (b"\n" if newline_at_end else b"")
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(scope="session")
def framing_model() -> Path:
    """The newest framing model in the checkout, else one trained from the repo's corpus.

    A trained model is cached in the system temp folder under a key of the corpus and the
    nlp code, so later sessions reuse it (training takes 20 s to minutes on a busy machine).
    """
    import hashlib
    import tempfile

    import nlp
    from nlp.tagger import model_dirs, newest_model_dir

    if model_dirs():
        return newest_model_dir()
    from nlp.training import train

    root = Path(nlp.__file__).parent
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in {".py", ".jsonl", ".cfg"}:
            h.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    cache = Path(tempfile.gettempdir()) / "rdi-test-models" / h.hexdigest()[:16]
    if model_dirs(cache):
        return newest_model_dir(cache)
    return train(out_root=cache)


@pytest.fixture
def snap(project: Project) -> Callable[..., Any]:
    """Run a query on the published snapshot; one value, or all rows with ``rows=True``."""
    import duckdb

    def query(sql: str, params: list[Any] | None = None, *, rows: bool = False) -> Any:
        con = duckdb.connect(str(project.snapshot_path), read_only=True)
        try:
            result = con.execute(sql, params or []).fetchall()
        finally:
            con.close()
        return result if rows else result[0][0]

    return query


@pytest.fixture
def scored_warehouse(project: Project) -> Callable[..., Project]:
    """Fill the warehouse with units, unit scores and flags as the tagger would leave them.

    Rows, not a tagger: KR and JP each with a leader and a ministry channel; every unit
    mentions a partner; hostility toward the partner triples in February and August.
    """
    import numpy as np
    import pyarrow as pa

    from warehouse import db

    def build(first_year: int = 2023, months: int = 30, model_version: str = "m-test",
              skip: tuple[str, str] | None = None, seed: int = 5) -> Project:
        rng = np.random.default_rng(seed)
        channels = {"KR": [("kr_president", "leader", "ko"), ("kr_mofa", "ministry", "ko")],
                    "JP": [("jp_kantei", "leader", "ja"), ("jp_mofa", "ministry", "ja")]}
        units, flags = [], []
        for actor, chans in channels.items():
            partner = "JP" if actor == "KR" else "KR"
            for ch, tier, lang in chans:
                for mi in range(months):
                    y, m = first_year + mi // 12, mi % 12 + 1
                    if skip == (ch, f"{y}-{m:02d}"):
                        continue
                    rate = 0.06 * (3 if m in (2, 8) else 1)
                    for k in range(int(rng.integers(40, 90))):
                        uid = f"{ch}_src:{y}{m:02d}{k}"
                        units.append({"unit_id": uid, "statement_id": uid, "source": f"{ch}_src",
                                      "channel": ch, "country": actor, "tier": tier, "lang": lang,
                                      "unit_date": f"{y}-{m:02d}-{1 + k % 28:02d}", "text": "x",
                                      "unit_hash": "h", "eligible": True})
                        if rng.random() < 0.4:
                            hostile = bool(rng.random() < rate / 0.4)
                            flags.append({"unit_id": uid, "model_version": model_version,
                                          "target": partner, "n_sentences": 1, "hostile": hostile,
                                          "severity_max": 2 if hostile else 0,
                                          "conciliatory": False, "history": hostile,
                                          "territory": False, "nationalist": hostile,
                                          "score_max": 0.8 if hostile else 0.1})
        with db.writer(project.warehouse_path) as con:
            ut, ft = pa.Table.from_pylist(units), pa.Table.from_pylist(flags)  # noqa: F841
            con.execute("insert into units by name select * from ut")
            con.execute("insert into unit_scores select unit_id, ?, unit_hash, 1, now() from ut",
                        [model_version])
            con.execute("insert into unit_flags by name select * from ft")
            db.publish_snapshot(con, project.snapshot_path)
        return project

    return build


@pytest.fixture(scope="session")
def demo_summary(demo_runs: dict) -> Any:
    """The session's ``rdi demo`` (``demo_runs``: real crawl of the bundled archive, load, tag,
    audit, index, export, report, run twice) as the CLI reported it: its home, its latest
    month and the files it says it wrote. Tests share it read-only."""
    import re
    from types import SimpleNamespace

    last = demo_runs["runs"][-1]
    assert last["returncode"] == 0, f"rdi demo failed:\n{last['stdout']}\n{last['stderr']}"
    latest = re.search(r"\(latest (\d{4}-\d{2})\)", last["stdout"])
    assert latest, f"rdi demo printed no latest month:\n{last['stdout']}"
    files = [Path(m) for m in re.findall(r"^wrote (.+?)\s*$", last["stdout"], flags=re.M)]
    return SimpleNamespace(home=demo_runs["home"], latest_month=latest.group(1), files=files)


KR_PROTEST = ("정부는 일본 정부가 부당한 독도 영유권 주장을 되풀이한 데 대해 강력히 항의하며, "
              "이를 즉각 철회할 것을 촉구한다. 독도는 역사적·지리적·국제법적으로 명백한 대한민국 고유의 영토이다.")
KR_ROUTINE = "정부는 한미일 정상회의 개최를 환영하며 북한 문제에 대해 긴밀히 공조해 나갈 것이다."


@pytest.fixture
def kr_statement(statement: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """One KR MOFA press release of ``day`` (YYYY-MM-DD): a protest at Japan's Dokdo claim
    (the real tagger flags it hostile toward JP), a routine statement, or ``text``."""

    def make(site_id: str, day: str, *, protest: bool = False, text: str | None = None,
             **fields: Any) -> dict[str, Any]:
        text = text or (KR_PROTEST if protest else f"{KR_ROUTINE} ({site_id})")
        return statement(site_id, text, source="kr_mofa_press_releases_ko", event_date=day,
                         published_at=f"{day}T10:00:00+09:00", **fields)

    return make


@pytest.fixture
def kr_loaded(project: Project, stage: Callable[..., Path], kr_statement: Callable[..., dict[str, Any]],
              framing_model: Path) -> Project:
    """Four KR press releases a month over 2024-01..06, two of them protests in February and
    May, loaded and tagged by the real model (not indexed)."""
    from pipeline.load import load
    from pipeline.tag import tag

    stage([kr_statement(f"{month}{k}", f"2024-{month:02d}-{10 + k}", protest=month in (2, 5) and k < 2)
           for month in range(1, 7) for k in range(4)], source="kr_mofa_press_releases_ko")
    load(project)
    tag(project, model_dir=framing_model)
    return project
