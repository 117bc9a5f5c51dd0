"""What does the unit-context stage add on the test split?

Scores the held-out test split (full rows: speaker, question, statement) with the shipped model
twice: as it is, and with its unit-context stage (nlp/unit_context.py) detached, so that every
row is scored by the first stage alone. Prints F1 per label x language for both, and target and
severity accuracy. The text-only view is not shown: rows without a statement id are scored
alone in both runs, so it cannot change. MEASUREMENTS §28.

    python bench/unit_context.py [MODEL_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus  # noqa: E402
from nlp.evaluation import evaluate, metric_text  # noqa: E402
from nlp.labels import LABELS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402


def detach(tagger, langs) -> None:  # noqa: ANN001
    """Remove the unit-context stage from the tagger's pipelines (first stage only)."""
    for lang in langs:
        clf = tagger.nlp(lang).get_pipe("framing")
        clf.set_model(clf.estimator, thresholds=clf.thresholds, default_targets=clf.default_targets,
                      target_estimator=clf.target_estimator, target_uses=clf.target_uses)


def main(model_dir: Path | None) -> None:
    tagger = load_tagger(model_dir)
    test = [r for r in load_corpus() if r["split"] == "test"]
    langs = sorted({r["lang"] for r in test})
    with_stage = evaluate(tagger, test)
    detach(tagger, langs)
    without = evaluate(tagger, test)
    print(f"model {tagger.model_version}, test split (full rows): first stage alone -> with unit context")
    for label in LABELS:
        cells = []
        for lang in langs:
            a, b = without["labels"][label][lang]["f1"], with_stage["labels"][label][lang]["f1"]
            cells.append(f"{lang} {metric_text(a)} -> {metric_text(b)}")
        print(f"  {label:13s} " + "   ".join(cells))
    for key in ("target_accuracy", "severity_accuracy"):
        print(f"  {key:18s} " + "   ".join(
            f"{lang} {metric_text(without[key][lang])} -> {metric_text(with_stage[key][lang])}" for lang in langs))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
