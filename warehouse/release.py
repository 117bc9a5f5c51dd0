"""Write one release table in a given format (DuckDB COPY, or xlsxwriter for Excel)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMATS = ("csv", "parquet", "json", "xlsx")
CODEBOOK = Path(__file__).with_name("codebook.md")

#: GPR-style variable labels for the wide sheet's trailer (methodology §6.9).
VAR_LABELS = {
    "rdi": "Rhetorical Discipline Index, base period = 100, higher = more restrained",
    "hhr": "Hostile-History Rhetoric index, base period = 100",
    "share_adj": "bias-corrected, shrunk share of units with hostile history framing, %",
}


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def write_table(con: Any, table: str, path: Path, fmt: str, *, title: str,
                created: datetime | None = None) -> None:
    """Write temp table ``table`` (our own name, never user input) to ``path``.

    ``created`` is stamped into the Excel metadata instead of the clock (the release's
    computation time), so exporting one release twice gives identical files."""
    if fmt == "csv":
        con.execute(f"copy {table} to '{_quote(path)}' (format csv, header true)")
    elif fmt == "parquet":
        con.execute(f"copy {table} to '{_quote(path)}' (format parquet, compression zstd)")
    elif fmt == "json":
        con.execute(f"copy {table} to '{_quote(path)}' (format json, array true)")
    elif fmt == "xlsx":
        _write_xlsx(con, table, path, title, created)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _write_xlsx(con: Any, table: str, path: Path, title: str, created: datetime | None) -> None:
    import xlsxwriter

    cur = con.execute(f"select * from {table}")
    columns = [d[0] for d in cur.description]
    rows = cur.fetchall()
    book = xlsxwriter.Workbook(str(path), {"remove_timezone": True, "nan_inf_to_errors": True})
    if created is not None:
        stamp = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
        book.set_properties({"created": stamp})
    try:
        if title == "rdi_monthly":
            _wide_sheet(book, columns, rows)
        sheet = book.add_worksheet(title[:31] if title != "rdi_monthly" else "long")
        sheet.write_row(0, 0, columns)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, [_cell(v) for v in row])
    finally:
        book.close()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def _wide_sheet(book: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Month rows x one column per actor_target and measure, then a var_name/var_label trailer."""
    idx = {c: i for i, c in enumerate(columns)}
    series = sorted({(r[idx["actor"]], r[idx["target"]]) for r in rows})
    months = sorted({r[idx["month"]] for r in rows})
    measures = [m for m in ("rdi", "hhr", "share_adj") if m in idx]
    names = [f"{m}_{a}_{t}" for a, t in series for m in measures]
    values = {(r[idx["month"]], r[idx["actor"]], r[idx["target"]]): r for r in rows}
    sheet = book.add_worksheet("rdi_monthly")
    sheet.write_row(0, 0, ["month", *names])
    for i, month in enumerate(months, start=1):
        cells = [month]
        for a, t in series:
            r = values.get((month, a, t))
            cells += [None if r is None else r[idx[m]] for m in measures]
        sheet.write_row(i, 0, cells)
    row = len(months) + 2
    sheet.write_row(row, 0, ["var_name", "var_label"])
    for j, (a, t) in enumerate(series):
        for k, m in enumerate(measures):
            label = f"{VAR_LABELS[m]}; actor {a}, target {t}"
            sheet.write_row(row + 1 + j * len(measures) + k, 0, [f"{m}_{a}_{t}", label])
