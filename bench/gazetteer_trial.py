"""What does a gazetteer edit alone do to target accuracy, before any retraining?

A model tags with its own copy of the lexicons (``models/framing/<version>/patterns/``), so an
edit to ``nlp/patterns/target.*.jsonl`` changes nothing until the next ``rdi train``. This trial
scores rows with the model as it is, and with a temporary copy of its folder whose gazetteers are
replaced by those of ``nlp/patterns/`` (the SHA-256 entries of the copy's ``metadata.json``
rewritten to match). Both score the same rows as text only (the fields of an external
evaluation file); it prints target accuracy per language and how many targets the edit fixed
and broke. Rows: a split of the corpus (default: test) or corpus part files given with
``--parts`` (e.g. a round's new parts, which no model has seen). The model folder itself is never
written. MEASUREMENTS §35 (third states).

    python bench/gazetteer_trial.py [MODEL_DIR] [--split test | --parts nlp/corpus/en/part-258.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus, text_only  # noqa: E402
from nlp.evaluation import predict_rows  # noqa: E402
from nlp.jsonl import json_lines  # noqa: E402
from nlp.model_io import sha256_file  # noqa: E402
from nlp.patterns import PATTERN_DIR  # noqa: E402
from nlp.tagger import LEXICON_DIR, METADATA_FILE, load_tagger, resolve_model_dir  # noqa: E402


def with_gazetteers(src: Path, dest: Path) -> Path:
    """A copy of model folder ``src`` at ``dest`` whose gazetteers are those of ``nlp/patterns/``."""
    shutil.copytree(src, dest)
    meta = json.loads((dest / METADATA_FILE).read_text("utf-8"))
    for lexicon in sorted((dest / LEXICON_DIR).glob("target.*.jsonl")):
        shutil.copyfile(PATTERN_DIR / lexicon.name, lexicon)
        meta["lexicons"]["sha256"][lexicon.name] = sha256_file(lexicon)
    (dest / METADATA_FILE).write_text(json.dumps(meta), "utf-8")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir", nargs="?", type=Path)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--split", default="test")
    group.add_argument("--parts", nargs="+", type=Path, help="corpus part files to score instead of a split")
    args = ap.parse_args()
    src = resolve_model_dir(args.model_dir)
    if args.parts:
        rows = [row for p in args.parts for _where, row in json_lines(p, ValueError)]
        where = f"{len(args.parts)} part file(s)"
    else:
        rows = [r for r in load_corpus() if r["split"] == args.split]
        where = f"{args.split} split"
    bare = [text_only(r) for r in rows]
    preds = {"as trained": [p["target"] for p in predict_rows(load_tagger(src), bare)]}
    with tempfile.TemporaryDirectory() as tmp:
        swapped = load_tagger(with_gazetteers(src, Path(tmp) / "model"))
        preds["nlp/patterns"] = [p["target"] for p in predict_rows(swapped, bare)]
    print(f"model {src.name}, {where}, text only: target accuracy with its own gazetteers -> with nlp/patterns/")
    for lang in sorted({r["lang"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang and r["target"]]
        if not idx:
            continue
        acc = {k: sum(v[i] == rows[i]["target"] for i in idx) / len(idx) for k, v in preds.items()}
        moves = Counter("fixed" if preds["nlp/patterns"][i] == rows[i]["target"] else
                        "broke" if preds["as trained"][i] == rows[i]["target"] else "other change"
                        for i in idx if preds["as trained"][i] != preds["nlp/patterns"][i])
        print(f"{lang}: {acc['as trained']:.3f} -> {acc['nlp/patterns']:.3f} on {len(idx)} rows with a target "
              f"({dict(moves) or 'no change'})")


if __name__ == "__main__":
    main()
