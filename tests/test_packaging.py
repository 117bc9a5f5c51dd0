"""The generic top-level package names must resolve to this checkout, not to anything installed."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["crawlers", "nlp", "pipeline", "warehouse"])
def test_package_imports_from_checkout(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == ROOT / name


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_console_script_is_declared() -> None:
    meta = _pyproject()
    assert meta["project"]["scripts"]["rdi"] == "pipeline.cli:main"


def _declared_packages() -> set[str]:
    return set(_pyproject()["tool"]["setuptools"]["packages"])


# Folders deliberately left out of the distribution: the annotated corpus and its coder-agreement
# study are read from the checkout by `rdi train` and `rdi corpus-agreement` (an editable
# install); they are not needed to tag.
NOT_SHIPPED = {"nlp.corpus", "nlp.corpus.en", "nlp.corpus.ja", "nlp.corpus.ko", "nlp.corpus.reliability"}


def test_every_code_and_data_folder_is_a_declared_package() -> None:
    """A folder Python could import but setuptools was not told about is shipped ambiguously (or not at all)."""
    declared = _declared_packages()
    found = set()
    for top in ("crawlers", "nlp", "pipeline", "warehouse"):
        for folder in [ROOT / top, *sorted((ROOT / top).rglob("*"))]:
            rel = folder.relative_to(ROOT)
            if not folder.is_dir() or not all(part.isidentifier() for part in rel.parts):
                continue
            if folder.name == "__pycache__" or not any(p.is_file() and "__pycache__" not in p.parts for p in folder.rglob("*")):
                continue
            found.add(".".join(rel.parts))
    assert found - declared - NOT_SHIPPED == set()
    assert declared - found == set()


def test_licence_and_citation_agree_with_the_package() -> None:
    """LICENSE holds the licence pyproject declares; CITATION.cff names the same version and licence."""
    import re

    meta = _pyproject()["project"]
    assert meta["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text and "END OF TERMS AND CONDITIONS" in text
    cff = (ROOT / "CITATION.cff").read_text("utf-8")
    fields = dict(re.findall(r'^(cff-version|version|license|title|type):\s*"?([^"\n]+)"?\s*$', cff, flags=re.M))
    assert fields["cff-version"] == "1.2.0" and fields["type"] == "software"
    assert fields["version"] == meta["version"] and fields["license"] == meta["license"]
    assert re.search(r"^authors:\n  - name: \S", cff, flags=re.M)
