"""What does the target-aim stage (nlp/components/target_aim.py) add to target accuracy?

Scores a split of the corpus (default: test) with the shipped model twice, with the ``aim``
component disabled and enabled, on full rows (speaker, question, statement) and as text only
(the rows stripped to the fields of an external evaluation file). Prints target accuracy per
language, and how many targets the stage changed, fixed and broke. MEASUREMENTS §29.

    python bench/target_aim.py [MODEL_DIR] [--split dev]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus, text_only  # noqa: E402
from nlp.evaluation import predict_rows, score  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402


def run(tagger, rows, langs, enabled: bool) -> list[dict]:  # noqa: ANN001
    for lang in langs:
        nlp = tagger.nlp(lang)
        (nlp.enable_pipe if enabled else nlp.disable_pipe)("aim")
    return predict_rows(tagger, rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir", nargs="?", type=Path)
    ap.add_argument("--split", default="test")
    args = ap.parse_args()
    tagger = load_tagger(args.model_dir)
    full = [r for r in load_corpus() if r["split"] == args.split]
    langs = sorted({r["lang"] for r in full})
    views = {"full rows": full, "text only": [text_only(r) for r in full]}
    print(f"model {tagger.model_version}, {args.split} split: target accuracy without -> with the aim stage")
    for name, rows in views.items():
        off, on = run(tagger, rows, langs, False), run(tagger, rows, langs, True)
        acc_off, acc_on = (score(rows, preds)["target_accuracy"] for preds in (off, on))
        for lang in langs:
            pairs = [(r, a, b) for r, a, b in zip(rows, off, on, strict=True) if r["lang"] == lang and r.get("target")]
            changed = [(r, a, b) for r, a, b in pairs if a["target"] != b["target"]]
            fixed = sum(b["target"] == r["target"] for r, _, b in changed)
            broke = sum(a["target"] == r["target"] for r, a, _ in changed)
            print(f"  {name:9s} {lang}: {acc_off[lang]:.4f} -> {acc_on[lang]:.4f}  ({len(changed)} changed: "
                  f"{fixed} fixed, {broke} broken; {len(pairs)} rows with a target)")


if __name__ == "__main__":
    main()
