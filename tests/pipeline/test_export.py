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


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


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


def test_load_tag_index_export_on_real_statements(kr_loaded, framing_model, tmp_path):
    res = build_index(kr_loaded, draws=300, model_dir=framing_model)
    assert res.first_month == "2024-01" and res.last_month == "2024-06"
    release = export_release(kr_loaded, "2024-06", out=tmp_path / "rel")
    evidence = _read_csv(Path(release.out_dir) / "rdi_evidence.csv")
    assert {e["month"] for e in evidence} == {"2024-02", "2024-05"}
    assert {e["target"] for e in evidence} == {"JP"}
    assert all(e["url"].startswith("https://example.kr/") for e in evidence)


def test_a_release_is_never_built_from_two_models(indexed, tmp_path, snap):
    """rdi_monthly and rdi_evidence both come from the latest index release: once another
    model's scores take over (a new model tagged, the index not yet recomputed), the export is
    still the release's, with its own model; after rdi index, the new model's."""
    from warehouse import db

    with db.writer(indexed.warehouse_path) as con:
        con.execute("insert into unit_scores select unit_id, 'm-new', unit_hash, n_sentences, "
                    "tagged_at + interval 1 hour from unit_scores where model_version = 'm-test'")
        db.publish_snapshot(con, indexed.snapshot_path)
    assert snap("select model_version from current_model") == "m-new"
    res = export_release(indexed, "2025-03", out=tmp_path / "rel")
    assert res.model_version == "m-test"
    assert {r["model_version"] for r in _read_csv(tmp_path / "rel" / "rdi_monthly.csv")} == {"m-test"}
    build_index(indexed, draws=300)
    res = export_release(indexed, "2025-03", out=tmp_path / "rel", force=True)
    assert res.model_version == "m-new"


def test_a_release_that_kept_no_evidence_is_not_exported(indexed, tmp_path):
    """A release computed before rdi kept each release's evidence (migration 0008) has none to
    publish: the export says to run rdi index rather than pair it with today's evidence."""
    from warehouse import db

    with db.writer(indexed.warehouse_path) as con:
        con.execute("update index_releases set evidence_rows = null")
        db.publish_snapshot(con, indexed.snapshot_path)
    with pytest.raises(ExportError, match="index release 1 was computed before .*run rdi index"):
        export_release(indexed, "2025-03", out=tmp_path / "rel")
    assert not (tmp_path / "rel").exists()


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


def test_the_evidence_is_what_the_release_counted(kr_loaded, kr_statement, stage, framing_model,
                                                  tmp_path):
    """rdi_evidence holds exactly the flagged units that rdi_monthly's n_flagged counted: a
    protest loaded and tagged after rdi index is not in that release's evidence, and a late
    protest in a month the vintage has frozen (METHODOLOGY §10) is in neither the next
    release's counts of that month nor its evidence."""
    first = build_index(kr_loaded, draws=300, model_dir=framing_model)
    stage([kr_statement("late2", "2024-02-20", protest=True),
           kr_statement("late5", "2024-05-20", protest=True)],
          name="run2", source="kr_mofa_press_releases_ko")
    load(kr_loaded)
    tag(kr_loaded, model_dir=framing_model)
    for name in ("before", "after"):
        if name == "after":
            second = build_index(kr_loaded, draws=300, model_dir=framing_model)
            assert (second.vintage, second.new_vintage) == (first.vintage, False)
        out = Path(export_release(kr_loaded, "2024-06", out=tmp_path / name).out_dir)
        evidence = _read_csv(out / "rdi_evidence.csv")
        for row in _read_csv(out / "rdi_monthly.csv"):
            if row["target"] != "ALL":
                units = {e["unit_id"] for e in evidence
                         if (e["month"], e["actor"], e["target"]) == (row["month"], row["actor"], row["target"])}
                assert len(units) == int(row["n_flagged"]), f"{name}: {row['month']} {row['actor']}->{row['target']}"
    late = {e["unit_id"].split(":")[1] for e in evidence} - {f"{m}{k}" for m in (2, 5) for k in range(2)}
    assert late == {"late5"}


def test_a_release_exports_the_same_evidence_after_more_loads_and_a_new_model(
        kr_loaded, kr_statement, stage, framing_model, tmp_path):
    """Re-exporting the latest release gives the same files byte for byte after statements are
    added and revised and tagged, and after a new model's scores take over (the release's
    evidence keeps its own model's scores), until rdi index makes a new release."""
    import shutil

    build_index(kr_loaded, draws=300, model_dir=framing_model)
    formats = "csv,parquet,json,xlsx"
    first = export_release(kr_loaded, "2024-06", fmt=formats, out=tmp_path / "first")

    def same_files(out: str) -> None:
        for name in first.files:
            if name != "manifest.json":
                a, b = ((Path(d) / name).read_bytes() for d in (first.out_dir, out))
                assert a == b, f"{name} differs from the first export of the release"

    revised = kr_statement("20", "2024-02-10", text="독도는 명백한 대한민국 고유의 영토이다. 일본은 부당한 주장을 즉각 철회하라.",
                           fetched_at="2024-10-20T00:00:00+00:00")
    stage([kr_statement("late", "2024-05-20", protest=True), revised],
          name="run2", source="kr_mofa_press_releases_ko")
    load(kr_loaded)
    assert tag(kr_loaded, model_dir=framing_model).units_tagged == 2
    same_files(export_release(kr_loaded, "2024-06", fmt=formats, out=tmp_path / "more").out_dir)

    model_b = tmp_path / "models" / "B"
    shutil.copytree(framing_model, model_b)
    meta = json.loads((model_b / "metadata.json").read_text("utf-8"))
    meta["version"] = "B-test"
    (model_b / "metadata.json").write_text(json.dumps(meta), "utf-8")
    tag(kr_loaded, model_dir=model_b)
    again = export_release(kr_loaded, "2024-06", fmt=formats, out=tmp_path / "new-model")
    assert again.model_version == first.model_version
    same_files(again.out_dir)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_an_export_onto_a_full_disk_keeps_the_old_release_and_names_the_file(indexed, tmp_path):
    """A real rdi export --force whose files cannot grow past 20 kB (a full disk: EFBIG as a full
    disk gives ENOSPC) over an existing release: exit 1 with one line naming the release file (not
    DuckDB's temporary), every file of the old release byte-identical, no temporary file left."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "rel"
    export_release(indexed, "2025-03", fmt="csv,parquet", out=out)
    before = _files(out)
    assert (out / "rdi_monthly.csv").stat().st_size > 20_000

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, resource.RLIM_INFINITY))

    res = subprocess.run([sys.executable, "-m", "pipeline", "export", "--home", str(indexed.home), "--month",
                          "2025-02", "--out", str(out), "--force"], cwd=root, capture_output=True, text=True,
                         timeout=300, check=False, preexec_fn=limited, env={**os.environ, "PYTHONPATH": str(root)})
    assert res.returncode == 1, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert f"cannot write {out / 'rdi_monthly.csv'}: File too large" in lines[0], lines[0]
    assert ".tmp" not in lines[0]
    assert _files(out) == before  # the old release, manifest included, untouched
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temporary file left


def test_a_folder_in_the_way_of_a_release_file_stops_the_export_before_it_changes_anything(indexed, tmp_path):
    """--force over a release where one file's name is taken by a folder: refused before any file
    is written, naming it; it used to fail half-way through the renames, after the old manifest
    and some old files were gone, leaving temporary files beside a half-replaced release."""
    out = tmp_path / "rel"
    export_release(indexed, "2025-03", fmt="csv,parquet", out=out)
    (out / "events.csv").unlink()
    (out / "events.csv").mkdir()
    (out / "events.csv" / "kept.txt").write_text("kept")
    before = _files(out)
    with pytest.raises(ExportError, match=r"events\.csv is in the way of the release and is not a file"):
        export_release(indexed, "2025-02", fmt="csv,parquet", out=out, force=True)
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "events.csv"])
    assert (out / "events.csv" / "kept.txt").read_text() == "kept"
