"""Would a one-hidden-layer network beside the linear framing model pay its cost?

Per language: the shipped framing model (TF-IDF n-grams + cue features, NB-scaled calibrated
logistic regression per label) and scikit-learn's ``MLPClassifier`` (one ReLU hidden layer, all
four labels at once) on the same fitted features. Both are scored out of fold on train+dev
(GroupKFold by ``doc_id``, 5 folds, the folds of ``rdi train``) and refitted on train+dev to score
the test split as bare text; the mixture ``(1 - w) * linear + w * network`` is scored the same
way. Thresholds follow the production rule (best out-of-fold F1 at precision >= 0.85). Prints
out-of-fold and test F1 per label, test Brier scores, and the size of the network's weights.
MEASUREMENTS §22.

    python bench/mlp_ensemble.py [--hidden 64] [--epochs 10] [--weight 0.3] [en ja ko]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.labels import LANGS  # noqa: E402
from nlp.training import out_of_fold  # noqa: E402

from framing_split import f1_cells, framing_split  # noqa: E402  (bench/)


def linear_model(lang: str) -> Any:
    """The shipped framing pipeline of ``lang``, unfitted."""
    return build_framing_pipeline(lang, **DEFAULT_PARAMS[lang])


def network(lang: str, Xa: np.ndarray, Ya: np.ndarray, Xb: np.ndarray, hidden: int, epochs: int) -> tuple[np.ndarray, int]:
    features = clone(linear_model(lang).named_steps["features"])
    A = features.fit_transform(Xa)
    mlp = MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=epochs, batch_size=256, random_state=0)
    with warnings.catch_warnings():  # a fixed number of epochs, on purpose
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(A, Ya)
    return mlp.predict_proba(features.transform(Xb)), sum(w.size for w in mlp.coefs_)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("langs", nargs="*", default=list(LANGS))
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--weight", type=float, default=0.3)
    args = ap.parse_args()
    rows = load_corpus()
    for lang in args.langs:
        sp = framing_split(lang, rows)
        pool, test, Xp, Xt, Yp, Yt, folds = sp.pool, sp.test, sp.Xp, sp.Xt, sp.Yp, sp.Yt, sp.folds
        runs: dict[str, tuple[np.ndarray, np.ndarray]] = {}

        t0 = time.perf_counter()
        on_test = np.column_stack([p[:, 1] for p in linear_model(lang).fit(Xp, Yp).predict_proba(Xt)])
        runs["linear"] = (out_of_fold(partial(linear_model, lang), Xp, Yp, folds), on_test)
        print(f"{lang}: linear fitted 6 times in {time.perf_counter() - t0:.0f} s", flush=True)

        t0 = time.perf_counter()
        oof = np.zeros(Yp.shape)
        for fit_idx, held_idx in folds:
            oof[held_idx] = network(lang, Xp[fit_idx], Yp[fit_idx], Xp[held_idx], args.hidden, args.epochs)[0]
        on_test, weights = network(lang, Xp, Yp, Xt, args.hidden, args.epochs)
        runs["network"] = (oof, on_test)
        print(f"{lang}: network fitted 6 times in {time.perf_counter() - t0:.0f} s", flush=True)
        w = args.weight
        runs[f"mix w={w}"] = tuple((1 - w) * a + w * b for a, b in zip(runs["linear"], runs["network"], strict=True))
        print(f"{lang}: {len(pool)} train+dev rows, {len(test)} test rows (bare text); network weights "
              f"{weights:,} ({weights * 8 / 1e6:.0f} MB as float64)")
        for name, (oof, on_test) in runs.items():
            brier = ", ".join(f"{b:.4f}" for b in ((on_test - Yt) ** 2).mean(axis=0))
            print(f"  {name:12s} out-of-fold/test F1: {f1_cells(sp, oof, on_test)}; test Brier {brier}")


if __name__ == "__main__":
    main()
