"""How much does the framing model lose on statements from a source it never saw?

Per language, the out-of-fold procedure of ``rdi train`` (5 folds, thresholds by the production
rule: best F1 at precision >= 0.85) is run twice on train+dev: with folds grouped by statement
(``doc_id``, as training does) and with folds grouped by source (the host of ``source_url``; a
dataset file on GitHub, and the authored rows, count as one source each). Held-out rows are
scored as bare text in both runs. The gap between the two is what the test split, whose
statements share sites and formats with the training statements, cannot show. The test split is
never read. MEASUREMENTS §26.

    python bench/source_holdout.py [en ja ko]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, out_of_fold, row_spans, statement_folds  # noqa: E402


def source_of(row: dict) -> str:
    """The source a row was read from: the URL's host without ``www.``/``m.``, or the dataset file
    for GitHub, or ``authored``."""
    url = row.get("source_url")
    if not url:
        return "authored"
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "github.com":
        return "github.com" + parts.path.split("/blob/")[0] + "/" + parts.path.rsplit("/", 1)[-1]
    return host


def main(langs: list[str]) -> None:
    rows = load_corpus()
    for lang in langs:
        pool = [r for r in rows if r["lang"] == lang and r["split"] != "test"]
        X = feature_rows(row_spans(lang, pool))
        bare = feature_rows(row_spans(lang, pool, text_only=True))
        Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
        sources = [source_of(r) for r in pool]
        make = partial(build_framing_pipeline, lang, **DEFAULT_PARAMS[lang])
        print(f"{lang}: {len(pool)} rows, {len(set(sources))} sources", flush=True)
        for name, groups in (("statement", [r["doc_id"] for r in pool]), ("source", sources)):
            oof = out_of_fold(make, X, Y, statement_folds(X, Y, groups), scored=bare)
            cells = [f"{label} {choose_threshold(Y[:, j], oof[:, j])['dev_f1']:.3f}" for j, label in enumerate(LABELS)]
            print(f"  folds by {name:9s} " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LANGS))
