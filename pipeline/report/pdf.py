"""Print the report's HTML to PDF with headless Chromium (Debian's ``chromium`` package).

Chromium is started with a fresh profile and with background networking, component
updates and sync off, so printing a local file makes no request. When no Chromium is
found the caller keeps the HTML and reports why the PDF was skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crawlers.files import replace_durably

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
)
TIMEOUT = 120.0


@dataclass
class PdfOutcome:
    """The PDF written, or why not."""

    path: Path | None
    skipped: str | None = None


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium binary: ``explicit``, else ``RDI_CHROMIUM``, else the first on PATH."""
    for name in (explicit, os.environ.get("RDI_CHROMIUM")):
        if name:
            return shutil.which(name) or (name if Path(name).is_file() else None)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, *, chromium: str | None = None, timeout: float = TIMEOUT) -> PdfOutcome:
    """Print ``html`` to ``pdf`` (written to a temporary name, then fsynced and renamed)."""
    binary = find_chromium(chromium)
    if binary is None:
        asked = chromium or os.environ.get("RDI_CHROMIUM")
        if asked:
            return PdfOutcome(None, f"Chromium {asked!r} not found")
        return PdfOutcome(None, "no Chromium found (install Debian's chromium package, or set RDI_CHROMIUM)")
    tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    with tempfile.TemporaryDirectory(prefix="rdi-chromium-") as profile:
        cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={tmp}", html.resolve().as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            return PdfOutcome(None, f"{binary} did not finish printing within {timeout:g} s")
        except OSError as exc:
            return PdfOutcome(None, f"cannot run {binary}: {exc}")
    if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        last = (proc.stderr or proc.stdout or "").strip().splitlines()
        return PdfOutcome(None, f"{binary} failed (exit {proc.returncode}): {last[-1] if last else 'no output'}")
    try:
        replace_durably(tmp, pdf)
    except OSError as exc:
        return PdfOutcome(None, f"cannot put {pdf} in place: {exc.strerror or exc}")
    return PdfOutcome(pdf)
