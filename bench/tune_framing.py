"""Which hyperparameters should the framing classifier use? A grid on out-of-fold predictions.

For each language and candidate (``C``, ``cue_weight``, ``min_df``, naive-Bayes feature scaling
``nb``, word-internal character n-grams for English), the training procedure of nlp/training.py
is replayed on train+dev: out-of-fold probabilities (``GroupKFold`` by ``doc_id``, 5 folds),
then per label the threshold rule of production (best F1 with precision >= 0.85). The figure
printed per label is that F1, the mean over labels decides. The test split is never read:
confirm a choice with ``rdi train`` (its model card scores the test split once). Results:
nlp/MEASUREMENTS.md §8 and §16.

    python bench/tune_framing.py [--langs en ja ko] [--json]
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import CORPUS_DIR, load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402


def candidates(lang: str) -> list[dict[str, Any]]:
    """The grid for one language (English also tries word-internal character n-grams)."""
    grid = itertools.product((1.0, 4.0, 16.0), (1.0, 2.0), (1, 2), (False, True))
    extra = (None, (3, 5)) if lang == "en" else (None,)
    return [{"C": c, "cue_weight": w, "min_df": m, "nb": nb, "extra_char": e}
            for (c, w, m, nb), e in itertools.product(grid, extra)]


def oof_f1(X: np.ndarray, Y: np.ndarray, groups: np.ndarray, lang: str, params: dict[str, Any]) -> dict[str, float]:
    """Per-label F1 at the production threshold rule, on out-of-fold probabilities."""
    oof = out_of_fold(partial(build_framing_pipeline, lang, **params), X, Y, statement_folds(X, Y, groups))
    return {label: choose_threshold(Y[:, j], oof[:, j])["dev_f1"] for j, label in enumerate(LABELS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", nargs="+", default=list(LANGS))
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    out: dict[str, list[dict[str, Any]]] = {}
    for lang in args.langs:
        pool = [r for r in load_corpus(args.corpus, (lang,)) if r["split"] in ("train", "dev")]
        X = feature_rows(row_spans(lang, pool))
        Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
        groups = np.array([r["doc_id"] for r in pool])
        defaults = {k: v.default for k, v in inspect.signature(build_framing_pipeline).parameters.items()
                    if k in candidates(lang)[0]}
        shipped = {**defaults, **DEFAULT_PARAMS.get(lang, {})}
        results = []
        for params in candidates(lang):
            f1 = oof_f1(X, Y, groups, lang, params)
            results.append({"params": params, "f1": f1, "mean": round(float(np.mean(list(f1.values()))), 4),
                            "shipped": params == shipped})
            if not args.json:
                cells = " ".join(f"{f1[k]:.3f}" for k in LABELS)
                print(f"{lang} {json.dumps(params):70s} {cells}  mean {results[-1]['mean']:.3f}", flush=True)
        out[lang] = sorted(results, key=lambda r: -r["mean"])
    if args.json:
        print(json.dumps(out, default=list))
    else:
        for lang, res in out.items():
            print(f"best {lang}: {res[0]['params']} mean OOF F1 {res[0]['mean']:.3f}")


if __name__ == "__main__":
    main()
