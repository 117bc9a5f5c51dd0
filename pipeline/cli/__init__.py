"""The ``rdi`` command line: thin commands over library functions that return data.

Each command module registers its commands on the shared :data:`app`; ``main`` turns any
error into one line on stderr and a non-zero exit status (``RDI_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import sys

from pipeline.cli._app import app

# Command modules register themselves on import (one module per group of stages).
from pipeline.cli import commands as _commands  # noqa: F401,E402

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as exc:  # noqa: BLE001 - the CLI's single error boundary
        if os.environ.get("RDI_DEBUG"):
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(1) from None
