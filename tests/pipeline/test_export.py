"""rdi export: contract columns, manifest checksums, month validation, no silent overwrite."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import ExportError, export_release
from pipeline.index import build_index
from pipeline.load import load
from pipeline.tag import tag
from tests.processes import kill_when_file_appears


@pytest.fixture
def indexed(scored_warehouse):
    project = scored_warehouse(months=30)
    build_index(project, draws=300)
    return project


def test_release_files_follow_the_contract(indexed, tmp_path):
    res = export_release(indexed, "2025-03", out=tmp_path / "rel")
    out = Path(res.out_dir)
    with open(out / "rdi_monthly.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"month", "actor", "target", "rdi", "rdi_lo90", "rdi_hi90", "n_units", "hhr",
            "share_adj", "vintage", "model_version", "status", "base_period"} <= set(rows[0])
    assert rows[0]["month"] == "2023-01"
    assert max(r["month"] for r in rows) == "2025-03"
    status = {r["month"]: r["status"] for r in rows if r["actor"] == "KR" and r["target"] == "JP"}
    assert (status["2025-03"], status["2025-02"], status["2025-01"], status["2024-12"]) == (
        "final_pending", "final_pending", "final_pending", "final")
    parquet = duckdb.sql(f"select count(*), min(month) from '{out / 'rdi_monthly.parquet'}'").fetchall()
    assert parquet == [(len(rows), "2023-01")]
    assert (out / "rdi_evidence.csv").read_text().startswith("unit_id,url,date,month,actor,channel")


def test_manifest_checksums_counts_and_provenance(indexed, tmp_path):
    res = export_release(indexed, "2025-03", out=tmp_path / "rel")
    out = Path(res.out_dir)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["release_month"] == "2025-03"
    assert manifest["vintage"] == res.vintage
    assert manifest["software"]["name"] == "rdi"
    assert manifest["error_rates"]["ja"]["source"] == "default"
    assert manifest["base_period"] == "2023-01:2024-12"
    assert manifest["monte_carlo"]["draws"] == 300
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]
    by_name = {e["name"]: e for e in manifest["files"]}
    with open(out / "rdi_monthly.csv", encoding="utf-8") as fh:
        assert by_name["rdi_monthly.csv"]["rows"] == sum(1 for _ in fh) - 1
    assert not list(out.glob(".*tmp"))


def test_existing_release_needs_force(indexed, tmp_path):
    export_release(indexed, "2025-03", out=tmp_path / "rel")
    with pytest.raises(ExportError, match="already exists .*use --force"):
        export_release(indexed, "2025-03", out=tmp_path / "rel")
    again = export_release(indexed, "2025-03", out=tmp_path / "rel", force=True)
    assert again.rows["rdi_monthly"] > 0


@pytest.mark.parametrize("month", ["2025-3", "2025-13", "../2025-03", "2025-03; drop", ""])
def test_bad_months_are_refused(indexed, tmp_path, month):
    with pytest.raises(ExportError, match="bad month"):
        export_release(indexed, month, out=tmp_path / "rel")
    assert not (tmp_path / "rel").exists()


def test_months_outside_the_index_are_refused(indexed, tmp_path):
    with pytest.raises(ExportError, match="after the latest indexed month 2025-06"):
        export_release(indexed, "2025-07", out=tmp_path / "rel")
    with pytest.raises(ExportError, match="before the first indexed month 2023-01"):
        export_release(indexed, "2022-12", out=tmp_path / "rel")


def test_out_must_be_a_real_folder(indexed, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(ExportError, match="not a plain folder"):
        export_release(indexed, "2025-03", out=link)
    assert list(target.iterdir()) == []


def test_default_location_and_other_formats(indexed):
    res = export_release(indexed, "2025-06", fmt="json,xlsx")
    out = Path(res.out_dir)
    assert out == indexed.exports_dir / "2025-06"
    assert json.loads((out / "rdi_monthly.json").read_text())[0]["month"] == "2023-01"
    with zipfile.ZipFile(out / "rdi_monthly.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "var_name" in strings and "rdi_KR_JP" in strings


def test_cli_errors_are_one_line(indexed):
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--home", str(indexed.home), "--month", "2025-13"])
    assert res.exit_code != 0


def test_load_tag_index_export_on_real_statements(project, stage, statement, framing_model, tmp_path):
    protest = ("정부는 일본 정부가 부당한 독도 영유권 주장을 되풀이한 데 대해 강력히 항의하며, "
               "이를 즉각 철회할 것을 촉구한다. 독도는 역사적·지리적·국제법적으로 명백한 대한민국 고유의 영토이다.")
    routine = "정부는 한미일 정상회의 개최를 환영하며 북한 문제에 대해 긴밀히 공조해 나갈 것이다."
    records = []
    for month in range(1, 7):
        for k in range(4):
            text = protest if (month in (2, 5) and k < 2) else routine + f" ({month}-{k})"
            records.append(statement(f"{month}{k}", text, source="kr_mofa_press_releases_ko",
                                     event_date=f"2024-{month:02d}-{10 + k}",
                                     published_at=f"2024-{month:02d}-{10 + k}T10:00:00+09:00"))
    stage(records, source="kr_mofa_press_releases_ko")
    load(project)
    tag(project, model_dir=framing_model)
    res = build_index(project, draws=300, model_dir=framing_model)
    assert res.first_month == "2024-01" and res.last_month == "2024-06"
    release = export_release(project, "2024-06", out=tmp_path / "rel")
    with open(Path(release.out_dir) / "rdi_evidence.csv", newline="", encoding="utf-8") as fh:
        evidence = list(csv.DictReader(fh))
    assert {e["month"] for e in evidence} == {"2024-02", "2024-05"}
    assert {e["target"] for e in evidence} == {"JP"}
    assert all(e["url"].startswith("https://example.kr/") for e in evidence)


def test_a_release_is_never_built_from_two_models(indexed, tmp_path, snap):
    """rdi_monthly comes from the latest index release, rdi_evidence from the scores the
    warehouse uses now: once another model's scores take over (a new model tagged, the index
    not yet recomputed), exporting would pair one model's index with another's evidence."""
    from warehouse import db

    with db.writer(indexed.warehouse_path) as con:
        con.execute("insert into unit_scores select unit_id, 'm-new', unit_hash, n_sentences, "
                    "tagged_at + interval 1 hour from unit_scores where model_version = 'm-test'")
        db.publish_snapshot(con, indexed.snapshot_path)
    assert snap("select model_version from current_model") == "m-new"
    with pytest.raises(ExportError, match="model m-test.*model m-new.*run rdi index"):
        export_release(indexed, "2025-03", out=tmp_path / "rel")
    assert not (tmp_path / "rel").exists()
    build_index(indexed, draws=300)
    res = export_release(indexed, "2025-03", out=tmp_path / "rel")
    assert res.model_version == "m-new"


def test_the_codebook_names_every_exported_column_and_nothing_else(indexed, tmp_path):
    """Each file's columns are named in its section of the codebook shipped with the release;
    every column the rdi_monthly table of the codebook describes is exported."""
    import re

    out = tmp_path / "rel"
    export_release(indexed, "2025-03", out=out)
    codebook = (out / "codebook.md").read_text("utf-8")
    sections = {m.group(1): m.group(0) for m in
                re.finditer(r"^## (\w+)\b.*?(?=^## |\Z)", codebook, flags=re.S | re.M)}
    for table in ("rdi_monthly", "rdi_channel_monthly", "rdi_evidence", "events"):
        with open(out / f"{table}.csv", encoding="utf-8") as fh:
            columns = next(csv.reader(fh))
        undocumented = [c for c in columns if not re.search(rf"(?<!\w){c}(?!\w)", sections[table])]
        assert undocumented == [], f"{table}: {undocumented} not in the codebook"
    with open(out / "rdi_monthly.csv", encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    rows = re.findall(r"^\| ([^|]+?) \|", sections["rdi_monthly"], flags=re.M)[2:]
    described = [name.strip() for row in rows for name in row.split(",")]
    assert [d for d in described if d not in columns] == []


def test_an_export_killed_midway_leaves_no_partial_files_once_rerun(indexed, tmp_path):
    """SIGKILL while the files are written: no half-written file under a final name, and the
    next export removes the dead run's temporary files instead of shipping them in the
    release folder."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "rel"
    cmd = [sys.executable, "-m", "pipeline", "export", "--home", str(indexed.home), "--month",
           "2025-03", "--format", "csv,parquet,json,xlsx", "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when_file_appears(proc, out, f".*.{proc.pid}.tmp", "export", poll=0.002)
    assert list(out.glob(".*.tmp")), "the kill left no temporary file"
    assert not (out / "manifest.json").exists()
    res = export_release(indexed, "2025-03", fmt="csv,parquet,json,xlsx", out=out, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(res.files)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


def test_exporting_the_same_release_twice_gives_identical_files(indexed, tmp_path):
    """Every file of a release, Excel included, is byte-identical when exported again later
    (only manifest.json's created_at differs), so a release can be checked by its checksums."""
    import time

    first = export_release(indexed, "2025-03", fmt="csv,parquet,json,xlsx", out=tmp_path / "a")
    time.sleep(1.1)  # the Excel metadata has a resolution of one second
    export_release(indexed, "2025-03", fmt="csv,parquet,json,xlsx", out=tmp_path / "b")
    for name in first.files:
        if name != "manifest.json":
            a, b = ((tmp_path / d / name).read_bytes() for d in ("a", "b"))
            assert a == b, f"{name} differs between two exports of one release"


def test_data_as_of_is_the_last_load_the_index_read(project, stage, statement, tmp_path):
    """manifest.json's data_as_of dates the data behind the published numbers: the last load
    committed before the index release, not a load that came after it (whose statements the
    release does not contain until rdi tag and rdi index run again)."""
    from datetime import datetime

    stage([statement("1", "竹島は日本固有の領土です。")])
    load(project)
    with duckdb.connect(str(project.warehouse_path)) as con:
        con.execute("insert into unit_scores select unit_id, 'm-test', unit_hash, 1, now() "
                    "from units where eligible")
    build_index(project, draws=200)
    stage([statement("2", "本文", event_date="2024-10-20")], name="run2")
    later = load(project)
    assert later.new_statements == 1
    manifest = json.loads(Path(export_release(project, "2024-10", out=tmp_path / "rel").manifest)
                          .read_text("utf-8"))
    data_as_of = datetime.fromisoformat(manifest["data_as_of"])
    assert data_as_of <= datetime.fromisoformat(manifest["index_computed_at"])


def test_overwriting_a_release_leaves_no_file_of_the_old_one(indexed, tmp_path):
    """--force with fewer formats: the old release's other files (here Excel, with the old
    numbers) must not stay beside the new ones, unlisted in the new manifest."""
    out = tmp_path / "rel"
    export_release(indexed, "2025-03", fmt="csv,xlsx", out=out)
    (out / "notes-by-analyst.txt").write_text("kept")
    res = export_release(indexed, "2025-02", fmt="csv", out=out, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted([*res.files, "notes-by-analyst.txt"])
