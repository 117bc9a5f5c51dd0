"""Warehouse commands: ``rdi load``, ``tag``, ``index``, ``export``, ``sql``
(``rdi status`` lives with the operations commands in ``ops_cmds``).

Each command calls one library function that returns data, then renders it with Rich.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._app import HomeOpt, app

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _project(home: Path | None) -> Any:
    from pipeline.config import load_project

    return load_project(home)


def _print_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, default=str, ensure_ascii=False, indent=2))


def _kv_table(title: str, data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_header=False)
    for key, value in data.items():
        table.add_row(key, "" if value is None else str(value))
    Console().print(table)


@app.command("load")
def load_cmd(
    home: HomeOpt = None,
    rebuild_relations: Annotated[
        bool,
        typer.Option(
            "--rebuild-relations",
            help="Also recompute every translation/duplicate relation and unit eligibility "
            "by the current rule (after an rdi update changed it); run rdi index after.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Load staged crawl output (staging/**/*.jsonl) into the warehouse."""
    from pipeline.load import load

    result = asdict(load(_project(home), rebuild=rebuild_relations))
    if not rebuild_relations:
        for key in ("relations_changed", "units_changed", "relations_total"):
            result.pop(key)
    _print_json(result) if as_json else _kv_table("rdi load", result)


@app.command("tag")
def tag_cmd(
    home: HomeOpt = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model folder (default: newest).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Tag units not yet scored by the current model and store sentences and flags."""
    from pipeline.tag import tag

    result = asdict(tag(_project(home), model_dir=model))
    _print_json(result) if as_json else _kv_table("rdi tag", result)


@app.command("index")
def index_cmd(
    home: HomeOpt = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Base period YYYY-MM:YYYY-MM.")
    ] = None,
    draws: Annotated[int | None, typer.Option("--draws", min=100)] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0)] = None,
    new_vintage: Annotated[
        bool, typer.Option("--new-vintage", help="Refit priors and base means.")
    ] = False,
    model: Annotated[Path | None, typer.Option("--model")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute the monthly Rhetorical Discipline Index (RDI v1)."""
    from pipeline.index import build_index

    result = asdict(
        build_index(
            _project(home),
            base=base,
            draws=draws,
            seed=seed,
            new_vintage=new_vintage,
            model_dir=model,
        )
    )
    _print_json(result) if as_json else _kv_table("rdi index", result)


@app.command("export")
def export_cmd(
    month: Annotated[str, typer.Option("--month", help="Release month, YYYY-MM.")],
    home: HomeOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", help="csv, parquet, json, xlsx, or several comma-separated (csv,parquet).")
    ] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", help="The release folder, files straight in it (default <home>/exports/<MONTH>).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a release.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write the monthly release for MONTH (rdi_monthly, evidence, events, manifest)."""
    from pipeline.export import export_release

    result = asdict(export_release(_project(home), month, fmt=fmt, out=out, force=force))
    _print_json(result) if as_json else _kv_table(f"rdi export {month}", result)


@app.command("sql")
def sql_cmd(
    query: Annotated[str | None, typer.Argument(help="SQL; omit for a prompt.")] = None,
    home: HomeOpt = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for $NAME in the query."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    max_rows: Annotated[
        int | None, typer.Option("--max-rows", min=1, help="Row limit (default 1000 for table, none for csv/json).")
    ] = None,
) -> None:
    """Query the read-only snapshot (never waits for a running load)."""
    from pipeline.cli.warehouse_render import interactive, render
    from pipeline.sql import parse_params, run_query

    project = _project(home)
    if query is None:
        interactive(project)
        return
    if max_rows is None and fmt == "table":
        max_rows = 1000
    result = run_query(project, query, parse_params(param or []), max_rows=max_rows)
    render(result, fmt)
