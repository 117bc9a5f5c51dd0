"""``rdi export --help`` says where the files go: ``--out`` is the release folder itself.

The help said "Folder (default <home>/exports)", so ``--out /data/exports`` looked like the parent
of the month's folder; the files went straight into /data/exports (the default is
``<home>/exports/<MONTH>``), and the next month's export there was refused or, with --force,
overwrote it.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app


def test_export_help_names_the_default_release_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert res.exit_code == 0
    assert "(default <home>/exports/<MONTH>)" in res.output
    assert "several comma-separated" in res.output
