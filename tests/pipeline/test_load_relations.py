"""rdi load recomputes only the relations of the statements it inserted or changed, and a
warehouse built load by load holds exactly the relations a full rebuild gives: the rule
stated again on its own, in relations_reference.sql next to this file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.config import Project
from pipeline.load import load
from warehouse import db
from warehouse.loader import rebuild_relations

PRES, PRES_EN, MOFA, AGG = ("kr_president_speeches_ko", "kr_president_speeches_en",
                            "kr_mofa_press_releases_ko", "kr_koreakr_speeches_ko")
SPEECH = "대통령은 한미일 협력의 새로운 시대를 열겠다고 밝혔다. " * 12  # ~ 400 characters
BRIEF = "외교부는 한일 외교장관 회담 결과를 설명하며 양국 관계 개선 의지를 확인했다. " * 8
NOTE = "정부는 북한의 탄도미사일 발사를 강력히 규탄하며 국제사회와 긴밀히 공조할 것이다. " * 8
URL = "https://www.president.go.kr/speeches/"

RELATIONS = ("select statement_id, related_id, relation, method, score from statement_relations "
             "order by all")
#: The full rebuild by the rule, written independently of warehouse/sql/load/08_relations.sql.
REFERENCE = Path(__file__).with_name("relations_reference.sql")
ROOT = Path(__file__).resolve().parents[2]


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _relations(path: Path) -> list[tuple[Any, ...]]:
    return _query(path, RELATIONS)


def _full_rebuild(project: Project, tmp: Path) -> list[tuple[Any, ...]]:
    """The relations the reference full rebuild gives on a copy of the warehouse as the
    last load left it."""
    copy = tmp / "full.duckdb"
    shutil.copy(project.snapshot_path, copy)
    con = duckdb.connect(str(copy))
    try:
        for sql in re.split(r"^;$", REFERENCE.read_text("utf-8"), flags=re.MULTILINE):
            con.execute(sql)
        return con.execute(RELATIONS).fetchall()
    finally:
        con.close()
        copy.unlink()


@pytest.fixture
def kr(statement: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """A KR record of ``source`` dated ``day`` (2024-10-DD)."""

    def make(source: str, site_id: str, text: str, day: int = 15, **fields: Any) -> dict[str, Any]:
        return statement(site_id, text, source=source, tier="leader",
                         event_date=f"2024-10-{day:02d}",
                         published_at=f"2024-10-{day:02d}T10:00:00+09:00", **fields)

    return make


def test_a_load_keeps_the_relations_of_statements_it_did_not_touch(project, stage, kr):
    """A load that read nothing about two statements leaves the row between them as it was
    (a full rebuild would drop a row no rule gives)."""
    stage([kr(MOFA, "1", BRIEF)], name="a", source=MOFA)
    stage([kr(AGG, "1", BRIEF)], name="a", source=AGG)
    load(project)
    with db.writer(project.warehouse_path) as con:
        con.execute("update statement_relations set score = 42.0")
        con.execute("insert into statement_relations values "
                    "('kr_mofa_press_releases_ko:1', 'x:planted', 'duplicate_of', 'fuzzy_text', 1.0)")
    stage([kr(MOFA, "2", NOTE, day=16)], name="b", source=MOFA)
    assert load(project).new_statements == 1
    assert _relations(project.snapshot_path) == [
        (f"{AGG}:1", f"{MOFA}:1", "duplicate_of", "content_hash", 42.0),
        (f"{MOFA}:1", "x:planted", "duplicate_of", "fuzzy_text", 1.0),
    ]
    stage([kr(MOFA, "1", BRIEF + " 추가", fetched_at="2024-10-20T00:00:00+00:00")],
          name="c", source=MOFA)  # a new version: its rows are recomputed, both sides
    load(project)
    assert _relations(project.snapshot_path) == [
        (f"{AGG}:1", f"{MOFA}:1", "duplicate_of", "fuzzy_text", pytest.approx(99, abs=1)),
    ]


BATCHES: list[list[tuple[str, str, str, dict[str, Any]]]] = [
    # 1: an aggregator copy and a ministry copy of a speech whose original is not in yet; a
    #    translation whose original is not in yet; a briefing; near-identical notes
    [(AGG, "900", SPEECH, {"day": 16}),
     (MOFA, "s1", SPEECH, {"day": 17}),
     (PRES_EN, "100", "President's speech on trilateral cooperation. " * 10,
      {"lang": "en", "is_translation": True, "alt_urls": [URL + "100"]}),
     (MOFA, "b1", BRIEF, {}),
     (MOFA, "n1", NOTE, {"day": 18}),
     (AGG, "n1", NOTE.replace("규탄하며", "규탄하고"), {"day": 18})],
    # 2: the original speech arrives after its copies (the ministry copy becomes a duplicate
    #    too), the translation's original arrives; a duplicate of the briefing after it
    [(PRES, "1", SPEECH, {"day": 14, "url": URL + "1"}),
     (PRES, "100", "대통령 연설 본문입니다. " * 30, {"url": URL + "100"}),
     (PRES, "b1", BRIEF, {"url": URL + "b1"})],
    # 3: an original linking its translation (alt_urls on the original's side), and a second
    #    translation to the same original, in one batch
    [(PRES, "200", "또 다른 연설입니다. " * 30,
      {"url": URL + "200", "alt_urls": ["https://www.president.go.kr/en/speeches/200"]}),
     (PRES_EN, "200", "Another speech. " * 20,
      {"lang": "en", "is_translation": True, "url": "https://www.president.go.kr/en/speeches/200"}),
     (PRES_EN, "100b", "The speech again, translated. " * 10,
      {"lang": "en", "is_translation": True, "alt_urls": [URL + "100"]})],
    # 4: the briefing's copy is corrected into another text: no longer a duplicate; the
    #    ministry copy of the speech is corrected, re-dated before the original and names it
    #    as canonical, which flips their direction; a copy with another original's canonical
    #    URL on another day
    [(PRES, "b1", "완전히 다른 내용의 새 브리핑입니다. " * 20,
      {"url": URL + "b1", "fetched_at": "2024-10-20T00:00:00+00:00"}),
     (MOFA, "s1", SPEECH + " (수정)", {"day": 13, "canonical_url": URL + "1",
                                       "fetched_at": "2024-10-20T00:00:00+00:00"}),
     (MOFA, "c1", "요약본. " * 10, {"day": 19, "canonical_url": URL + "200"})],
]


def test_each_load_gives_the_relations_of_a_full_rebuild(project, stage, kr, tmp_path):
    """After every load of a sequence (duplicates after and before their originals, a
    direction that flips, translations before their originals, a version that stops being a
    duplicate) the relations equal those the full rebuild gives on the same statements."""
    seen = []
    for n, batch in enumerate(BATCHES, start=1):
        for source, site_id, text, fields in batch:
            stage([kr(source, site_id, text, **dict(fields))], name=f"b{n}-{site_id}", source=source)
        load(project)
        incremental = _relations(project.snapshot_path)
        assert incremental == _full_rebuild(project, tmp_path), f"after batch {n}"
        seen.append({r[:3] for r in incremental})
    # the sequence does what it says: each case shows in the relations
    assert (f"{AGG}:900", f"{MOFA}:s1", "duplicate_of") in seen[0]
    assert (f"{MOFA}:s1", f"{PRES}:1", "duplicate_of") in seen[1]  # original after its copies
    assert (f"{PRES}:1", f"{MOFA}:s1", "duplicate_of") in seen[3]  # re-dated: flipped
    assert (f"{MOFA}:s1", f"{PRES}:1", "duplicate_of") not in seen[3]
    assert not any(r[0] == f"{PRES_EN}:100" for r in seen[0])
    assert (f"{PRES_EN}:100", f"{PRES}:100", "translation_of") in seen[1]
    assert (f"{PRES_EN}:200", f"{PRES}:200", "translation_of") in seen[2]
    assert (f"{PRES_EN}:100b", f"{PRES}:100", "translation_of") in seen[2]
    assert (f"{PRES}:b1", f"{MOFA}:b1", "duplicate_of") in seen[1]  # duplicate after original
    assert not any(f"{PRES}:b1" in r[:2] for r in seen[3])  # corrected: no longer
    assert (f"{AGG}:n1", f"{MOFA}:n1", "duplicate_of") in seen[0]  # fuzzy
    assert (f"{MOFA}:c1", f"{PRES}:200", "duplicate_of") in seen[3]  # canonical URL


def test_eligibility_follows_relations_that_changed_on_untouched_statements(
        project, stage, kr, snap):
    """The ministry copy is an original until the president's text arrives: the load that
    reads only the original makes the untouched copy a duplicate, and back when the original
    is corrected into another text."""
    stage([kr(MOFA, "s1", SPEECH, day=17)], name="a", source=MOFA)
    load(project)
    reason = f"select coalesce(excluded_reason, 'eligible') from units where statement_id = '{MOFA}:s1'"
    assert snap(reason) == "eligible"
    stage([kr(PRES, "1", SPEECH, day=14)], name="b", source=PRES)
    load(project)
    assert snap(reason) == "duplicate"
    stage([kr(PRES, "1", NOTE, day=14, fetched_at="2024-10-20T00:00:00+00:00")],
          name="c", source=PRES)
    load(project)
    assert snap(reason) == "eligible"


def test_rebuild_relations_gives_what_the_loads_built(project, stage, kr):
    for n, batch in enumerate(BATCHES[:2], start=1):
        for source, site_id, text, fields in batch:
            stage([kr(source, site_id, text, **dict(fields))], name=f"b{n}-{site_id}", source=source)
        load(project)
    built = _relations(project.snapshot_path)
    assert built
    with db.writer(project.warehouse_path) as con:  # rows no rule gives, and a wrong score
        con.execute("update statement_relations set score = 42.0")
        con.execute("insert into statement_relations values "
                    f"('{MOFA}:b1', '{MOFA}:n1', 'duplicate_of', 'fuzzy_text', 1.0), "
                    "('x:gone', 'x:planted', 'duplicate_of', 'fuzzy_text', 1.0)")
        rebuild_relations(con)
        db.publish_snapshot(con, project.snapshot_path)
    assert _relations(project.snapshot_path) == built


def test_an_upgraded_warehouse_names_tied_methods_as_a_full_rebuild(project, stage, kr, tmp_path):
    """Relations written by an rdi before the fixed tie-break (arg_max named canonical_url
    where the content hash matched too) are renamed once, by migration 0010, so a warehouse
    upgraded in place holds what a full rebuild gives, not a mix of both names."""
    for i in range(3):
        stage([kr(PRES, f"u{i}", SPEECH + str(i), day=14, url=URL + f"u{i}")], name=f"p{i}", source=PRES)
        stage([kr(AGG, f"u{i}", SPEECH + str(i), day=15, canonical_url=URL + f"u{i}")],
              name=f"a{i}", source=AGG)
    stage([kr(MOFA, "n1", NOTE, day=18)], name="n", source=MOFA)
    stage([kr(AGG, "n1", NOTE.replace("규탄하며", "규탄하고"), day=18)], name="n", source=AGG)
    load(project)
    with db.writer(project.warehouse_path) as con:  # as the older rdi left it, before 0010
        con.execute("update statement_relations set method = 'canonical_url' "
                    "where method = 'content_hash'")
        con.execute("delete from schema_migrations where version = 10")
    load(project)  # the upgrade
    got = _relations(project.snapshot_path)
    assert {r[3] for r in got} == {"content_hash", "fuzzy_text"}
    assert got == _full_rebuild(project, tmp_path)


def _rdi_load(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """``rdi load --home <home> <args>`` in a subprocess, as an operator runs it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipeline", "load", "--home", str(project.home), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


ELIGIBILITY = "select unit_id, eligible, excluded_reason from units order by all"


def test_rdi_load_rebuild_relations_restores_what_the_rule_gives(project, stage, kr, tmp_path):
    """A warehouse whose relations an older rule wrote (rows deleted, renamed, rescored, planted,
    and the eligibility that followed from them): ``rdi load --rebuild-relations`` gives what a
    full rebuild by the rule gives, and a second run changes nothing."""
    for n, batch in enumerate(BATCHES, start=1):
        for source, site_id, text, fields in batch:
            stage([kr(source, site_id, text, **dict(fields))], name=f"b{n}-{site_id}", source=source)
        load(project)
    built, eligibility = _relations(project.snapshot_path), _query(project.snapshot_path, ELIGIBILITY)
    assert built == _full_rebuild(project, tmp_path)
    assert any(r[2] == "duplicate" for r in eligibility)
    with db.writer(project.warehouse_path) as con:  # as an older rule left it
        con.execute("delete from statement_relations where relation = 'translation_of'")
        con.execute("update statement_relations set method = 'canonical_url', score = 42.0")
        con.execute("insert into statement_relations values "
                    f"('{MOFA}:b1', '{MOFA}:n1', 'duplicate_of', 'fuzzy_text', 1.0)")
        con.execute("update units set eligible = true, excluded_reason = null")
        db.publish_snapshot(con, project.snapshot_path)
    assert _relations(project.snapshot_path) != built

    first = _rdi_load(project, "--rebuild-relations", "--json")
    assert first.returncode == 0, first.stderr
    done = json.loads(first.stdout)
    assert done["relations_changed"] > 0 and done["units_changed"] > 0
    assert done["relations_total"] == len(built) and done["files_read"] == 0
    assert _relations(project.snapshot_path) == built
    assert _query(project.snapshot_path, ELIGIBILITY) == eligibility

    again = _rdi_load(project, "--rebuild-relations", "--json")
    assert again.returncode == 0, again.stderr
    assert {k: json.loads(again.stdout)[k] for k in ("relations_changed", "units_changed", "relations_total")} == {
        "relations_changed": 0, "units_changed": 0, "relations_total": len(built)}
    assert _relations(project.snapshot_path) == built
    assert _query(project.snapshot_path, ELIGIBILITY) == eligibility
    plain = json.loads(_rdi_load(project, "--json").stdout)  # a plain load says nothing of relations
    assert "relations_changed" not in plain


def test_rdi_load_rebuild_relations_waits_for_the_writer_lock(project, stage, kr):
    stage([kr(MOFA, "1", BRIEF)], name="a", source=MOFA)
    stage([kr(AGG, "1", BRIEF)], name="a", source=AGG)
    load(project)
    with db.writer(project.warehouse_path) as con:  # another writer (a load, tag or index) is running
        con.execute("delete from statement_relations")
        busy = _rdi_load(project, "--rebuild-relations")
    assert busy.returncode == 1
    assert "warehouse" in busy.stderr and "lock" in busy.stderr.lower(), busy.stderr
    assert _rdi_load(project, "--rebuild-relations").returncode == 0
    assert _relations(project.snapshot_path) == [(f"{AGG}:1", f"{MOFA}:1", "duplicate_of", "content_hash", 100.0)]
