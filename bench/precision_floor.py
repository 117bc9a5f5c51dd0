"""What does the issue's precision floor cost? Thresholds with and without it, scored on the test split.

Per language, the out-of-fold procedure of ``rdi train`` (5 folds grouped by statement, shipped
hyperparameters) is replayed on train+dev, and each label's threshold is chosen twice from the
same out-of-fold probabilities: by the production rule (best F1 at precision >= 0.85) and by best
F1 alone. Both thresholds are then applied to the shipped model's probabilities on the test split
as text only (the form of an external evaluation file). The test split never chooses a
threshold, so the second column is what dropping the floor would give, not a best case.
MEASUREMENTS §37.

    python bench/precision_floor.py [en ja ko]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus, text_only  # noqa: E402
from nlp.evaluation import predict_rows  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402


def prf(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    """F1, precision and recall of boolean predictions."""
    tp, fp, fn = int(np.sum(gold & pred)), int(np.sum(~gold & pred)), int(np.sum(gold & ~pred))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def main() -> None:
    langs = sys.argv[1:] or list(LANGS)
    tagger = load_tagger()
    print("label x lang: threshold, out-of-fold F1, test F1 (P, R) with the floor | without it")
    for lang in langs:
        rows = load_corpus(langs=(lang,))
        pool = [r for r in rows if r["split"] in ("train", "dev")]
        X = feature_rows(row_spans(lang, pool))
        Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
        folds = statement_folds(X, Y, np.array([r["doc_id"] for r in pool]))
        oof = out_of_fold(partial(build_framing_pipeline, lang, **DEFAULT_PARAMS.get(lang, {})), X, Y, folds)
        test = [r for r in rows if r["split"] == "test"]
        probs = predict_rows(tagger, [text_only(r) for r in test])
        for j, label in enumerate(LABELS):
            gold = np.array([bool(r[label]) for r in test])
            p = np.array([pr[f"p_{label}"] for pr in probs])
            cells = []
            for floor in (True, False):
                chosen = choose_threshold(Y[:, j], oof[:, j]) if floor else choose_threshold(Y[:, j], oof[:, j], 0.0)
                f1, prec, rec = prf(gold, p >= chosen["threshold"])
                cells.append(f"t={chosen['threshold']:.2f} oof {chosen['dev_f1']:.3f} test {f1:.3f} "
                             f"(P {prec:.2f} R {rec:.2f})")
            print(f"{lang} {label:12} {cells[0]} | {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
