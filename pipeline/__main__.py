"""``python -m pipeline …`` == ``rdi …`` (used by the scheduler's subprocesses)."""

from pipeline.cli import main

main()
