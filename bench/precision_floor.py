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
from sklearn.metrics import precision_recall_fscore_support  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus, text_only  # noqa: E402
from nlp.evaluation import predict_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402
from nlp.training import MIN_PRECISION, choose_threshold, out_of_fold  # noqa: E402

from framing_split import framing_split  # noqa: E402  (bench/)


def main() -> None:
    langs = sys.argv[1:] or list(LANGS)
    tagger = load_tagger()
    rows = load_corpus()
    print("label x lang: threshold, out-of-fold F1, test F1 (P, R) with the floor | without it")
    for lang in langs:
        split = framing_split(lang, rows)
        make = partial(build_framing_pipeline, lang, **DEFAULT_PARAMS.get(lang, {}))
        oof = out_of_fold(make, split.Xp, split.Yp, split.folds)
        probs = predict_rows(tagger, [text_only(r) for r in split.test])
        for j, label in enumerate(LABELS):
            p = np.array([pr[f"p_{label}"] for pr in probs])
            cells = []
            for min_precision in (MIN_PRECISION, 0.0):
                chosen = choose_threshold(split.Yp[:, j], oof[:, j], min_precision)
                prec, rec, f1, _ = precision_recall_fscore_support(
                    split.Yt[:, j], p >= chosen["threshold"], average="binary", zero_division=0)
                cells.append(f"t={chosen['threshold']:.2f} oof {chosen['dev_f1']:.3f} test {f1:.3f} "
                             f"(P {prec:.2f} R {rec:.2f})")
            print(f"{lang} {label:12} {cells[0]} | {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
