"""How much would more annotated statements raise the framing model's F1?

Per language, the out-of-fold procedure of ``rdi train`` (GroupKFold by ``doc_id``, 5 folds,
thresholds by the production rule: best F1 at precision >= 0.85) is repeated with each fold's
training part cut to a seeded random share of its statements (25 %, 50 %, 100 %). The held-out
folds stay whole, so every row is scored at every size. The test split is never read.
MEASUREMENTS §22.

    python bench/learning_curve.py [en ja ko]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402

SHARES = (0.25, 0.5, 1.0)


def main(langs: list[str]) -> None:
    rows = load_corpus()
    for lang in langs:
        pool = [r for r in rows if r["lang"] == lang and r["split"] != "test"]
        X = feature_rows(row_spans(lang, pool))
        Y = np.array([[r[k] for k in LABELS] for r in pool])
        groups = np.array([r["doc_id"] for r in pool])
        folds = statement_folds(X, Y, groups)
        docs = np.array(sorted(set(groups)))
        np.random.default_rng(0).shuffle(docs)
        rank = {doc: i / len(docs) for i, doc in enumerate(docs)}
        position = np.array([rank[g] for g in groups])
        for share in SHARES:
            cut = [(fit_idx[position[fit_idx] < share], held_idx) for fit_idx, held_idx in folds]
            oof = out_of_fold(partial(build_framing_pipeline, lang, **DEFAULT_PARAMS[lang]), X, Y, cut)
            cells = "; ".join(f"{label} {choose_threshold(Y[:, j], oof[:, j])['dev_f1']:.3f}"
                              for j, label in enumerate(LABELS))
            print(f"{lang} {share:.0%} of statements (~{int(len(pool) * 0.8 * share):,} training rows): {cells}",
                  flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LANGS))
