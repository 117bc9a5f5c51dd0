"""Would a nearest-neighbour vote beside the linear framing model pay its cost?

Official statements repeat their formulas, so a sentence's closest training sentences may carry
its labels. Per language: the linear framing model (first stage) and a cosine k-nearest-neighbour
vote on the same fitted features (each neighbour weighted by its squared similarity), mixed as
``(1 - w) * linear + w * vote`` or stacked by a logistic regression per label. Both are scored out
of fold on train+dev (the five statement folds of ``rdi train``) and refitted on train+dev to score
the test split as bare text; thresholds follow the production rule. MEASUREMENTS §30.

    python bench/knn_votes.py [en ja ko]
"""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.preprocessing import normalize  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import out_of_fold  # noqa: E402

from framing_split import f1_cells, framing_split  # noqa: E402  (bench/)

KS = (5, 15, 40)


def linear_model(lang: str):  # noqa: ANN201
    return build_framing_pipeline(lang, **DEFAULT_PARAMS[lang])


def votes(lang: str, Xa: np.ndarray, Ya: np.ndarray, Xb: np.ndarray) -> dict[int, np.ndarray]:
    """Similarity-weighted label means of the k nearest rows of ``Xa`` for each row of ``Xb``."""
    features = clone(linear_model(lang).named_steps["features"])
    A, B = normalize(features.fit_transform(Xa)), normalize(features.transform(Xb))
    out = {k: np.zeros((B.shape[0], Ya.shape[1])) for k in KS}
    for s in range(0, B.shape[0], 1000):
        sims = (B[s:s + 1000] @ A.T).toarray()
        idx = np.argsort(-sims, axis=1)[:, :max(KS)]
        top = np.take_along_axis(sims, idx, axis=1)
        for k in KS:
            w = np.maximum(top[:, :k], 1e-6) ** 2
            out[k][s:s + 1000] = (w[:, :, None] * Ya[idx[:, :k]]).sum(1) / w.sum(1, keepdims=True)
    return out


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("langs", nargs="*", default=list(LANGS))
    args = ap.parse_args()
    rows = load_corpus()
    for lang in args.langs:
        sp = framing_split(lang, rows)
        Xp, Yp, Xt, folds = sp.Xp, sp.Yp, sp.Xt, sp.folds
        t0 = time.perf_counter()
        lin_t = np.column_stack([p[:, 1] for p in linear_model(lang).fit(Xp, Yp).predict_proba(Xt)])
        lin_o = out_of_fold(partial(linear_model, lang), Xp, Yp, folds)
        vote_o = {k: np.zeros(Yp.shape) for k in KS}
        for fit_idx, held_idx in folds:
            for k, v in votes(lang, Xp[fit_idx], Yp[fit_idx], Xp[held_idx]).items():
                vote_o[k][held_idx] = v
        vote_t = votes(lang, Xp, Yp, Xt)
        print(f"{lang}: {len(sp.pool)} train+dev rows, {len(sp.test)} test rows; {time.perf_counter() - t0:.0f} s",
              flush=True)
        runs = {"linear": (lin_o, lin_t)}
        for k in KS:
            for w in (0.2, 0.35):
                runs[f"mix k={k} w={w}"] = ((1 - w) * lin_o + w * vote_o[k], (1 - w) * lin_t + w * vote_t[k])
        st_o, st_t = np.zeros(Yp.shape), np.zeros(sp.Yt.shape)
        for j in range(len(LABELS)):
            Zo = np.column_stack([logit(lin_o[:, j])] + [vote_o[k][:, j] for k in KS])
            Zt = np.column_stack([logit(lin_t[:, j])] + [vote_t[k][:, j] for k in KS])
            for fit_idx, held_idx in folds:
                st_o[held_idx, j] = LogisticRegression().fit(Zo[fit_idx], Yp[fit_idx, j]).predict_proba(Zo[held_idx])[:, 1]
            st_t[:, j] = LogisticRegression().fit(Zo, Yp[:, j]).predict_proba(Zt)[:, 1]
        runs["stacked"] = (st_o, st_t)
        for name, (oof, on_test) in runs.items():
            print(f"  {name:16s} out-of-fold/test F1: {f1_cells(sp, oof, on_test)}", flush=True)

if __name__ == "__main__":
    main()
