"""Two model versions side by side on the same rows: F1 per label and language, and target accuracy.

The question this answers: did a round of training help on statements that neither model has
seen? A round's new part files, scored before the round's model is trained on them, are such
rows for the shipped model and for the one before it (an older model folder comes back from git
history with ``git archive <commit> models/framing/<version> | tar -x -C /tmp/old``). Rows are
scored as text only (the fields of an external evaluation file) unless ``--source`` (text plus
source URL and date) or ``--full`` is given, and ``--lane`` groups part files so each source is
read apart (MEASUREMENTS §36).

    python bench/model_compare.py OLD_DIR NEW_DIR --parts nlp/corpus/en/part-261.jsonl ...
    python bench/model_compare.py OLD_DIR NEW_DIR --split test [--source | --full]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus, text_only, text_with_source  # noqa: E402
from nlp.evaluation import predict_rows, score  # noqa: E402
from nlp.jsonl import json_lines  # noqa: E402
from nlp.labels import LABELS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402


def cells(metrics: dict[str, Any], lang: str) -> list[str]:
    """``F1 (support)`` per label and the target accuracy of one language, as printed columns."""
    out = []
    for label in LABELS:
        cell = metrics["labels"][label].get(lang)
        out.append(f"{cell['f1']:.3f} ({cell['support']})" if cell and cell["support"] else "-")
    acc = metrics["target_accuracy"].get(lang)
    out.append(f"{acc:.3f}" if acc is not None else "-")
    return out


def part_rows(paths: list[Path]) -> list[dict[str, Any]]:
    """The rows of corpus part files, in file order."""
    return [row for p in paths for _where, row in json_lines(p, ValueError)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old_dir", type=Path)
    ap.add_argument("new_dir", type=Path)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--split", choices=["train", "dev", "test"])
    group.add_argument("--parts", nargs="+", type=Path, help="corpus part files, read as one lane")
    group.add_argument("--lane", action="append", metavar="NAME=GLOB",
                       help="a named group of part files (repeatable), e.g. ko-speeches='nlp/corpus/ko/part-15[67].jsonl'")
    view = ap.add_mutually_exclusive_group()
    view.add_argument("--full", action="store_true", help="keep speaker, source and question (default: text only)")
    view.add_argument("--source", action="store_true", help="text plus source URL and date (default: text only)")
    args = ap.parse_args()

    lanes: dict[str, list[dict[str, Any]]] = {}
    if args.split:
        lanes[f"{args.split} split"] = [r for r in load_corpus() if r["split"] == args.split]
    elif args.lane:
        for spec in args.lane:
            name, _, pattern = spec.partition("=")
            paths = sorted(Path().glob(pattern))
            if not paths:
                ap.error(f"--lane {name}: no file matches {pattern}")
            lanes[name] = part_rows(paths)
    else:
        lanes[f"{len(args.parts)} part file(s)"] = part_rows(args.parts)

    taggers = {"old": load_tagger(args.old_dir), "new": load_tagger(args.new_dir)}
    mode = "full rows" if args.full else "text with source" if args.source else "text only"
    reduce = (lambda r: r) if args.full else text_with_source if args.source else text_only
    print(f"old {args.old_dir.name}, new {args.new_dir.name}, {mode}; F1 (support) and target accuracy")
    print("| lane | lang | model | " + " | ".join(LABELS) + " | target |")
    print("|---|---|---|" + "---|" * (len(LABELS) + 1))
    for name, rows in lanes.items():
        use = [reduce(r) for r in rows]
        metrics = {k: score(use, predict_rows(t, use)) for k, t in taggers.items()}
        for lang in sorted({r["lang"] for r in rows}):
            for k in taggers:
                print(f"| {name} | {lang} | {k} | " + " | ".join(cells(metrics[k], lang)) + " |")


if __name__ == "__main__":
    main()
