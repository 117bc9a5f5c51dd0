"""``rdi export``: write the monthly release files and their manifest from the snapshot.

The release month is validated; files go only into ``--out`` (default
``<home>/exports/<YYYY-MM>``) under fixed names, are written to temporary names first and
renamed into place (fsynced, folder fsynced: :func:`crawlers.files.replace_durably`), and
``manifest.json`` comes last. An existing release is never overwritten without ``force``; with
it, none of the old release's files is left behind. A file that cannot be written (disk full)
stops the export before any file of the old release is touched, and no temporary file is left.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crawlers.files import replace_durably, write_atomic
from pipeline.config import Project
from pipeline.locks import pid_alive
from warehouse import db, sqlfiles
from warehouse.release import CODEBOOK, FORMATS, write_table
from warehouse.runs import software_version

TABLES = ("rdi_monthly", "rdi_channel_monthly", "rdi_evidence", "events")
DEFAULT_FORMATS = ("csv", "parquet")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")


class ExportError(db.WarehouseError):
    """The release cannot be written; the message says why."""


@dataclass
class ExportResult:
    """Where the release went and what it holds."""

    month: str
    out_dir: str
    vintage: str
    model_version: str
    release_id: int
    files: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    manifest: str = ""


def parse_month(month: str) -> date:
    """Validate ``YYYY-MM`` and return the first day of that month."""
    if not _MONTH_RE.match(month or ""):
        raise ExportError(f"bad month {month!r}: want YYYY-MM, e.g. 2026-10")
    try:
        return datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ExportError(f"bad month {month!r}: want YYYY-MM, e.g. 2026-10") from None


def parse_formats(fmt: str) -> tuple[str, ...]:
    """``csv,parquet`` -> ('csv', 'parquet'); unknown formats are an error."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in fmt.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ExportError(f"unknown format {','.join(bad) or fmt!r}: use {', '.join(FORMATS)}")
    return formats


def _target(out: Path, name: str) -> Path:
    path = (out / name).resolve()
    if path.parent != out.resolve():
        raise ExportError(f"refusing to write {name!r} outside {out}")
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_release(
    project: Project,
    month: str,
    *,
    fmt: str = ",".join(DEFAULT_FORMATS),
    out: Path | None = None,
    force: bool = False,
) -> ExportResult:
    """Write the release for ``month`` (all months up to it) into ``out``."""
    first_day = parse_month(month)
    formats = parse_formats(fmt)
    out = Path(out) if out is not None else project.exports_dir / month
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"--out {out} is not a plain folder")
    names = [f"{t}.{f}" for t in TABLES for f in formats] + ["codebook.md", "manifest.json"]
    existing = [n for n in names if (out / n).exists()]
    if existing and not force:
        raise ExportError(f"a release already exists in {out} ({existing[0]}); use --force to overwrite")
    stale = [f"{t}.{f}" for t in TABLES for f in FORMATS if f not in formats]
    in_the_way = [out / n for n in dict.fromkeys([*names, *stale])
                  if (out / n).exists() and not (out / n).is_file()]
    if in_the_way:
        # found now, not when it is renamed over: by then the old release would be half replaced
        raise ExportError(f"{in_the_way[0]} is in the way of the release and is not a file; "
                          f"move it out of {out}")
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    written: list[tuple[str, Path]] = []
    try:
        info = _release_info(con, first_day, month)
        out.mkdir(parents=True, exist_ok=True)
        _remove_dead_temporaries(out, names)
        params = {"month": month, "month_date": first_day}
        rows: dict[str, int] = {}
        for table in TABLES:
            sqlfiles.run(con, f"export/{table}", params)
            rows[table] = con.execute(f"select count(*) from export_{table}").fetchall()[0][0]
            for f in formats:
                final = _target(out, f"{table}.{f}")
                tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
                written.append((final.name, tmp))
                with _naming(final, out):
                    write_table(con, f"export_{table}", tmp, f, title=table, created=info["computed_at"])
        codebook_tmp = _target(out, f".codebook.md.{os.getpid()}.tmp")
        written.append(("codebook.md", codebook_tmp))
        with _naming(_target(out, "codebook.md"), out):
            codebook_tmp.write_text(CODEBOOK.read_text("utf-8"), "utf-8")
    except BaseException:
        for _, tmp in written:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    # an overwritten release: its manifest goes first (a folder without one is incomplete),
    # then its files in formats this export does not write, so none is left beside the new ones
    for name in ["manifest.json", *stale]:
        _target(out, name).unlink(missing_ok=True)
    files = []
    try:
        for name, tmp in written:
            replace_durably(tmp, _target(out, name))
            files.append(name)
    except BaseException as exc:
        for _, tmp in written:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot put {exc.filename} in place: {exc.strerror}; {out} holds an "
                              "incomplete release (no manifest.json): run rdi export --force again") from exc
        raise
    manifest = _manifest(out, month, info, files, rows, formats)
    return ExportResult(
        month=month, out_dir=str(out), vintage=info["vintage"],
        model_version=info["model_version"], release_id=info["release_id"],
        files=[*files, "manifest.json"], rows=rows, manifest=str(manifest),
    )


@contextlib.contextmanager
def _naming(final: Path, out: Path) -> Iterator[None]:
    """Turn a failure to write ``final``'s temporary file (a full disk: DuckDB's long IO error
    names the temporary) into an :class:`ExportError` naming ``final``."""
    import duckdb

    try:
        yield
    except (OSError, duckdb.Error) as exc:
        raise ExportError(f"cannot write {final}: {_reason(exc)}; the files in {out} were not changed") from exc


def _reason(exc: BaseException) -> str:
    """``File too large`` for an OSError or a DuckDB IO error carrying an errno, else its first line."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    found = re.search(r'"errno":\s*"?(\d+)', str(exc))
    if found:
        return os.strerror(int(found.group(1)))
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _remove_dead_temporaries(out: Path, names: list[str]) -> None:
    """Remove ``.<name>.<pid>.tmp`` files of exports that were killed (their PID is gone)."""
    for name in names:
        for tmp in out.glob(f".{name}.*.tmp"):
            pid = tmp.name[len(name) + 2:-4]
            if pid.isdigit() and not pid_alive(int(pid)):
                tmp.unlink(missing_ok=True)


def _release_info(con: Any, first_day: date, month: str) -> dict[str, Any]:
    cur = sqlfiles.run(con, "export/release")
    cols = [d[0] for d in cur.description]
    found = cur.fetchall()
    if not found:
        raise ExportError("no index in the warehouse yet; run rdi index first")
    info = dict(zip(cols, found[0], strict=True))
    if first_day > info["last_month"]:
        raise ExportError(f"month {month} is after the latest indexed month "
                          f"{info['last_month']:%Y-%m}; run rdi load, tag and index first")
    if info["evidence_rows"] is None:
        # rdi_evidence is the one kept with the release (index_evidence), since migration 0008
        raise ExportError(f"index release {info['release_id']} was computed before rdi kept the "
                          "evidence of each release; run rdi index first")
    if first_day < info["first_month"]:
        raise ExportError(f"month {month} is before the first indexed month "
                          f"{info['first_month']:%Y-%m}")
    return info


def _manifest(out: Path, month: str, info: dict[str, Any], files: list[str],
              rows: dict[str, int], formats: tuple[str, ...]) -> Path:
    entries = []
    for name in files:
        path = out / name
        table = name.rsplit(".", 1)[0]
        entries.append({"name": name, "sha256": _sha256(path), "bytes": path.stat().st_size,
                        "rows": rows.get(table)})
    manifest = {
        "release_month": month,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "software": {"name": "rdi", "version": software_version()},
        "vintage": info["vintage"],
        "method_version": info["method_version"],
        "model_version": info["model_version"],
        "codebook_version": info["codebook_version"],
        "index_release_id": info["release_id"],
        "index_computed_at": info["computed_at"].isoformat(),
        "data_as_of": info["data_as_of"].isoformat() if info["data_as_of"] else None,
        "base_period": info["base_period"],
        "base_note": info["base_note"],
        "monte_carlo": {"draws": info["draws"], "seed": info["seed"], "interval": "5th-95th percentile"},
        "error_rates": json.loads(info["error_rates"]),
        "error_rates_source": {lang: r.get("source") for lang, r in json.loads(info["error_rates"]).items()},
        "calendar_version": info["calendar_version"],
        "notes": info["notes"],
        "formats": list(formats),
        "files": entries,
    }
    final = _target(out, "manifest.json")
    write_atomic(final, json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    return final
