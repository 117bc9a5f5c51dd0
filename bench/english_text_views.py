"""Would other views of English text raise the framing model's F1?

Out of fold on train+dev (GroupKFold by ``doc_id``, 5 folds, thresholds by the production rule:
best F1 at precision >= 0.85), the shipped English model against four variants of its text
features:

- ``masked+1-3``: an added block of word 1-3-grams over the sentence with every country-gazetteer
  span replaced by one placeholder token, so "condemns North Korea's launch" and "condemns
  China's launch" share their n-grams;
- ``masked-only``: the word 1-2-grams read from the masked sentence instead of the raw one;
- ``raw+1-3``: an added block of word 1-3-grams over the raw sentence (the control: does the
  placeholder matter, or only the extra n-grams?);
- ``1-3``: word 1-3-grams instead of 1-2-grams.

The test split is never read. MEASUREMENTS §23.

    python bench/english_text_views.py
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows, sentence_countries  # noqa: E402
from nlp.labels import LABELS  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402
from nlp.vectorizers import CompactTfidfVectorizer  # noqa: E402

PLACEHOLDER = "zzcountry"
VARIANTS = ("shipped", "masked+1-3", "masked-only", "raw+1-3", "1-3")


def masked_text(sent) -> str:
    """The sentence's tokens with every country-gazetteer span replaced by ``PLACEHOLDER``."""
    words = [t.text for t in sent]
    for span in sorted(sentence_countries(sent), key=lambda s: -s.start):
        words[span.start - sent.start:span.end - sent.start] = [PLACEHOLDER]
    return " ".join(words)


def words(ngrams: tuple[int, int]) -> CompactTfidfVectorizer:
    return CompactTfidfVectorizer(ngram_range=ngrams, min_df=2, sublinear_tf=True, lowercase=True)


def pipeline(variant: str) -> Pipeline:
    """The shipped English pipeline with its text blocks changed as ``variant`` says."""
    model = build_framing_pipeline("en", **DEFAULT_PARAMS["en"])
    columns: ColumnTransformer = model.named_steps["features"]
    blocks, weights = list(columns.transformers), dict(columns.transformer_weights)
    if variant == "masked+1-3":
        blocks.append(("masked", words((1, 3)), 2))
        weights["masked"] = 1.0
    elif variant == "masked-only":
        blocks[0] = ("text", words((1, 2)), 2)
    elif variant == "raw+1-3":
        blocks.append(("raw13", words((1, 3)), 0))
        weights["raw13"] = 1.0
    elif variant == "1-3":
        blocks[0] = ("text", words((1, 3)), 0)
    model.steps[0] = ("features", ColumnTransformer(blocks, transformer_weights=weights))
    return model


def main() -> None:
    pool = [r for r in load_corpus(langs=["en"]) if r["split"] != "test"]
    sents = row_spans("en", pool)
    X = np.column_stack([feature_rows(sents), np.array([masked_text(s) for s in sents], dtype=object)])
    Y = np.array([[r[k] for k in LABELS] for r in pool])
    folds = statement_folds(X, Y, [r["doc_id"] for r in pool])
    for variant in VARIANTS:
        oof = out_of_fold(partial(pipeline, variant), X, Y, folds)
        cells = "; ".join(f"{label} {choose_threshold(Y[:, j], oof[:, j])['dev_f1']:.3f}"
                          for j, label in enumerate(LABELS))
        print(f"en {variant}: {cells}", flush=True)


if __name__ == "__main__":
    main()
