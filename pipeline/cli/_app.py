"""The Typer application object and options shared by every command module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="rdi",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Rhetorical Discipline Index: crawl, load, tag, index and export official KR/JP/US statements.",
)

HomeOpt = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="RDI_HOME",
        help="Project directory (warehouse, staging, exports). Default ./rdi-data.",
        file_okay=False,
    ),
]
