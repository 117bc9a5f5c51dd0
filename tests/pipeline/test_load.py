"""rdi load: idempotent bulk upsert with versions, quarantine, units, crash and lock safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.load import load
from warehouse.db import WarehouseLocked

QA = [
    ("moderator", "それでは会見を始めます。"),
    ("official", "冒頭発言はありません。"),
    ("reporter", "竹島について伺います。"),
    ("official", "竹島は日本固有の領土です。"),
    ("official", "以上です。"),
]


def _counts(snap):
    return snap(
        "select (select count(*) from statements), (select count(*) from statement_versions), "
        "(select count(*) from turns), (select count(*) from units), "
        "(select count(*) from quarantine)", rows=True)[0]


def test_load_twice_gives_identical_counts(project, stage, statement, snap):
    stage([statement(str(i), f"本文 {i}") for i in range(5)] + [statement("qa", "全文", turns=QA)])
    first = load(project)
    assert first.new_statements == 6
    before = _counts(snap)
    second = load(project)
    assert second.files_read == 0
    assert second.new_statements == 0
    assert _counts(snap) == before


def test_rereading_a_changed_file_adds_only_new_versions(project, stage, statement, snap):
    stage([statement("1", "初版の本文")], name="run1")
    load(project)
    stage([statement("1", "初版の本文"), statement("1", "訂正後の本文",
                                                    fetched_at="2024-10-20T00:00:00+00:00")],
          name="run1")
    result = load(project)
    assert result.new_versions == 1
    assert snap("select count(*) from statement_versions") == 2
    assert snap("select text from statements") == "訂正後の本文"
    assert snap("select version_no from statements") == 2


def test_older_version_arriving_late_does_not_become_current(project, stage, statement, snap):
    stage([statement("1", "新しい本文", fetched_at="2024-10-20T00:00:00+00:00")], name="a")
    load(project)
    stage([statement("1", "古い本文", fetched_at="2024-10-01T00:00:00+00:00")], name="b")
    load(project)
    assert snap("select text from statements") == "新しい本文"
    assert snap("select n_versions from statements") == 2


def test_quarantine_keeps_bad_records_and_loads_the_rest(project, stage, statement, snap):
    good = statement("ok", "正常な本文")
    no_url = {k: v for k, v in statement("nourl", "本文").items() if k != "url"}
    bad_date = statement("baddate", "本文", event_date="2024-02-30")
    path = stage([
        json.dumps(good, ensure_ascii=False),
        '{"statement_id": "jp_mofa_press_conferences_ja:broken", "text": ',
        json.dumps(no_url, ensure_ascii=False),
        json.dumps(bad_date, ensure_ascii=False),
        b'{"statement_id": "\xff\xfe"}',
    ])
    result = load(project)
    assert result.records == 1
    assert result.quarantined == 4
    rows = snap("select line_no, reason, staging_file from quarantine order by line_no", rows=True)
    rel = path.relative_to(project.staging_dir).as_posix()
    assert rows == [
        (2, "invalid_json", rel),
        (3, "missing_field:url", rel),
        (4, "bad_value:event_date", rel),
        (5, "invalid_utf8", rel),
    ]
    assert snap("select raw from quarantine where line_no = 3") == json.dumps(no_url, ensure_ascii=False)
    path.write_bytes(path.read_bytes() + json.dumps(statement("two", "二つ目")).encode() + b"\n")
    again = load(project)
    assert again.new_statements == 1
    assert snap("select count(*) from quarantine") == 4


def test_unterminated_last_line_waits_for_the_writer(project, stage, statement, snap):
    done = json.dumps(statement("1", "一つ目"), ensure_ascii=False)
    partial = json.dumps(statement("2", "二つ目"), ensure_ascii=False)
    path = stage([done, partial[:40]], newline_at_end=False)
    result = load(project)
    assert result.incomplete_files == [path.relative_to(project.staging_dir).as_posix()]
    assert snap("select count(*) from quarantine") == 0
    path.write_text(done + "\n" + partial + "\n", "utf-8")
    again = load(project)
    assert again.new_statements == 1
    assert snap("select count(*) from statements") == 2


def test_units_are_statements_or_official_answer_turns(project, stage, statement, snap):
    stage([statement("plain", "談話の本文"), statement("qa", "全文", turns=QA)])
    load(project)
    units = snap("select unit_id, turn_idx, context from units order by unit_id", rows=True)
    assert units == [
        ("jp_mofa_press_conferences_ja:plain", None, None),
        ("jp_mofa_press_conferences_ja:qa#t1", 1, None),
        ("jp_mofa_press_conferences_ja:qa#t3", 3, "竹島について伺います。"),
        ("jp_mofa_press_conferences_ja:qa#t4", 4, "竹島について伺います。"),
    ]
    assert snap("select count(*) from turns where role = 'reporter'") == 1


def test_translations_and_cross_site_duplicates_are_not_eligible(project, stage, statement, snap):
    original = statement("100", "尹大統領の演説本文。" * 30, source="kr_president_speeches_ko",
                         url="https://www.president.go.kr/speeches/100", tier="leader")
    translation = statement("100", "President Yoon's speech." * 30,
                            source="kr_president_speeches_en", lang="en", tier="leader",
                            is_translation=True, alt_urls=["https://www.president.go.kr/speeches/100"])
    copy = statement("900", "尹大統領の演説本文。" * 30, source="kr_koreakr_speeches_ko",
                     url="https://www.korea.kr/speech/900", tier="leader")
    stage([original], source="kr_president_speeches_ko")
    stage([translation], source="kr_president_speeches_en")
    stage([copy], source="kr_koreakr_speeches_ko")
    load(project)
    reasons = dict(snap("select statement_id, coalesce(excluded_reason, 'eligible') from units",
                        rows=True))
    assert reasons == {
        "kr_president_speeches_ko:100": "eligible",
        "kr_president_speeches_en:100": "translation",
        "kr_koreakr_speeches_ko:900": "duplicate",
    }
    relations = snap("select statement_id, related_id, relation from statement_relations "
                     "order by 1", rows=True)
    assert relations == [
        ("kr_koreakr_speeches_ko:900", "kr_president_speeches_ko:100", "duplicate_of"),
        ("kr_president_speeches_en:100", "kr_president_speeches_ko:100", "translation_of"),
    ]


HOLD_LOAD = """
import sys, time
from pathlib import Path
import warehouse.loader as loader
from pipeline.config import load_project
from pipeline.load import load

real_count = loader._count
def held(*args, **kwargs):
    real_count(*args, **kwargs)
    Path(sys.argv[2]).write_text("inside the load transaction")
    while not Path(sys.argv[3]).exists():
        time.sleep(0.05)
loader._count = held
load(load_project(sys.argv[1]))
"""


def start_held_load(project, tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    """Start `load` in another process and wait until it is inside its transaction."""
    ready, release = tmp_path / "ready", tmp_path / "release"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOAD, str(project.home), str(ready),
                             str(release)], env={**os.environ, "RDI_LOCK_TIMEOUT": "5"})
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, "the held load exited early"
        assert time.monotonic() < deadline, "the held load never reached its transaction"
        time.sleep(0.05)
    return proc, ready, release


def test_sigkill_mid_load_leaves_the_warehouse_as_before(project, stage, statement, snap, tmp_path):
    stage([statement("1", "一つ目")], name="run1")
    load(project)
    before = _counts(snap)
    stage([statement(str(i), f"新しい本文 {i}") for i in range(2, 50)], name="run2")
    proc, _, _ = start_held_load(project, tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    import duckdb

    con = duckdb.connect(str(project.warehouse_path))  # replays the WAL: no partial batch
    try:
        assert con.execute("select count(*) from statements").fetchall()[0][0] == before[0]
        assert con.execute("select count(*) from load_files").fetchall()[0][0] == 1
    finally:
        con.close()
    assert _counts(snap) == before
    result = load(project)  # recovers the file, rolls the dead transaction back
    assert result.new_statements == 48
    assert _counts(snap)[0] == before[0] + 48
    assert snap("select count(*) from load_files") == 2


def test_locked_warehouse_retries_then_gives_a_clear_message(project, stage, statement, tmp_path):
    stage([statement("1", "一つ目")])
    proc, _, release = start_held_load(project, tmp_path)
    try:
        with pytest.raises(WarehouseLocked, match=r"is locked by another process \(PID \d+\)"):
            load(project, timeout=0.5)
        release.write_text("go")
        result = load(project, timeout=30)  # waits with backoff until the holder finishes
        assert result.files_read == 0
    finally:
        release.write_text("go")
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_cli_load_and_status(project, stage, statement):
    stage([statement("1", "一つ目")])
    runner = CliRunner()
    res = runner.invoke(app, ["load", "--home", str(project.home), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["new_statements"] == 1
    res = runner.invoke(app, ["status", "--home", str(project.home), "--json"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.output)
    assert [(s["source"], s["statements"]) for s in st["sources"]] == [
        ("jp_mofa_press_conferences_ja", 1)]
    assert st["latest_month"] == "2024-10"


def test_status_without_a_warehouse_says_what_to_do(tmp_path):
    res = subprocess.run([str(Path(sys.executable).with_name("rdi")), "status", "--home",
                          str(tmp_path / "none")],
                         capture_output=True, text=True)
    assert res.returncode == 1
    assert res.stderr.strip() == f"error: no warehouse at {tmp_path / 'none' / 'warehouse.duckdb'}; run rdi load first"
