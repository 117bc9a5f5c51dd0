"""Import every command module so its commands register on the app.

Each group lives in its own module (owned by the package it fronts):
``crawl_cmds`` (crawl, parse), ``warehouse_cmds`` (load, tag, index, export, sql),
``nlp_cmds`` (train, evaluate), ``run_cmds`` (run, demo), ``ops_cmds`` (status, schedule),
``audit_cmds`` (audit ...).
"""

from __future__ import annotations

import importlib

for _name in ("crawl_cmds", "warehouse_cmds", "nlp_cmds", "run_cmds", "ops_cmds", "audit_cmds"):
    try:
        importlib.import_module(f"pipeline.cli.{_name}")
    except ModuleNotFoundError as exc:  # a group not written yet
        if exc.name != f"pipeline.cli.{_name}":
            raise

from pipeline.cli import report_cmds as _report_cmds  # noqa: E402,F401  (rdi report)
