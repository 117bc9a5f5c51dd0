"""What the lexicon fill (nlp/components/lexicon_fill.py) changes, with and without it.

Per language (Japanese and Korean, the two whose tokenizers cut words by context):
- the occurrences of lexicon phrases on token boundaries that no span of their rule covers,
  without and with the fill (the most frequent printed);
- how many lexicon and gazetteer spans the fill adds on the corpus, and in how many rows;
- the resolver's target accuracy on the rows with a gold target (rules only, no model): full
  rows (speaker and question known) and bare text;
- out-of-fold F1 of the framing classifier on train+dev (the five statement folds of
  ``rdi train``) and F1 on the test split as bare text, thresholds by the production rule.

A retrain compares two fits whose thresholds move by refit noise; this holds everything else
fixed. MEASUREMENTS §31.

    python bench/lexicon_fill.py [ja ko]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from nlp.build import build_nlp  # noqa: E402
from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.labels import COUNTRIES_KEY, CUES_KEY, LABELS  # noqa: E402
from nlp.patterns import read_rules  # noqa: E402
from nlp.training import out_of_fold, row_spans  # noqa: E402

from framing_split import f1_cells, framing_split  # noqa: E402  (bench/)


def pipeline(lang: str, fill: bool):  # noqa: ANN201
    """The pipeline of ``lang``; without ``fill`` its lexicon fill completes no ruler."""
    nlp = build_nlp(lang)
    if not fill:
        nlp.get_pipe("fill").rulers = []
    return nlp


def span_counts(nlp, texts: list[str]) -> list[set]:  # noqa: ANN001
    with nlp.select_pipes(enable=["cues", "countries", "fill"]):
        return [{(k, s.start, s.end, s.id_) for k in (CUES_KEY, COUNTRIES_KEY) for s in d.spans.get(k, [])}
                for d in nlp.pipe(texts, batch_size=256)]


def uncovered(nlp, lang: str, texts: list[str]) -> Counter:  # noqa: ANN001
    """Occurrences of each lexicon phrase whose ends fall on token boundaries and that no span
    covers (a longer span of another rule counts: the gazetteer keeps the first-longest):
    (rule id, phrase) -> count."""
    phrases = [(r.id, p) for kind in (*LABELS, "target") for r in read_rules(kind, lang) for p in r.patterns
               if isinstance(p, str)]
    out: Counter = Counter()
    with nlp.select_pipes(enable=["cues", "countries", "fill"]):
        for doc in nlp.pipe(texts, batch_size=256):
            spans = [(s.start_char, s.end_char) for k in (CUES_KEY, COUNTRIES_KEY) for s in doc.spans.get(k, [])]
            starts, ends = {t.idx for t in doc}, {t.idx + len(t) for t in doc}
            for rule, phrase in phrases:
                i = doc.text.find(phrase)
                while i >= 0:
                    j = i + len(phrase)
                    if i in starts and j in ends and not any(a <= i and j <= b for a, b in spans):
                        out[(rule, phrase)] += 1
                    i = doc.text.find(phrase, j)
    return out


def target_accuracy(lang: str, rows: list[dict], nlp, text_only: bool) -> float:  # noqa: ANN001
    """The resolver's target (first sentence that has one) against the gold target, on the rows
    that have one; all rows are read, so that a row's question or preceding rows are its context."""
    spans = row_spans(lang, rows, text_only=text_only, nlp=nlp)
    pairs = [(s._.rdi_target, r["target"]) for s, r in zip(spans, rows, strict=True) if r.get("target")]
    return sum(p == g for p, g in pairs) / len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", default=["ja", "ko"])
    args = parser.parse_args()
    rows = load_corpus()
    for lang in args.langs:
        mine = [r for r in rows if r["lang"] == lang]
        off, on = pipeline(lang, False), pipeline(lang, True)
        texts = [r["text"] for r in mine]
        for name, nlp in (("without", off), ("with", on)):
            missed = uncovered(nlp, lang, texts)
            top = ", ".join(f"{phrase} {n}" for (_rule, phrase), n in missed.most_common(8))
            print(f"{lang}: phrases on token boundaries no span covers, {name} fill: {sum(missed.values())} ({top})")
        before, after = span_counts(off, texts), span_counts(on, texts)
        added = sum(len(b - a) for a, b in zip(before, after, strict=True))
        dropped = sum(len(a - b) for a, b in zip(before, after, strict=True))
        changed = sum(a != b for a, b in zip(before, after, strict=True))
        print(f"{lang}: {len(mine)} rows, {changed} read otherwise; spans added {added}, "
              f"dropped for a longer one {dropped}")
        for text_only in (False, True):
            view = "bare text" if text_only else "full rows"
            print(f"  resolver target accuracy ({view}): without {target_accuracy(lang, mine, off, text_only):.4f}, "
                  f"with {target_accuracy(lang, mine, on, text_only):.4f}")
        make = partial(build_framing_pipeline, lang, **DEFAULT_PARAMS[lang])
        for name, nlp in (("without", off), ("with", on)):
            split = framing_split(lang, rows, nlp=nlp)
            oof = out_of_fold(make, split.Xp, split.Yp, split.folds)
            on_test = make().fit(split.Xp, split.Yp).predict_proba(split.Xt)
            on_test = np.column_stack([p[:, 1] for p in on_test])
            print(f"  framing F1 {name} fill (out of fold / test as bare text): {f1_cells(split, oof, on_test)}")


if __name__ == "__main__":
    main()
