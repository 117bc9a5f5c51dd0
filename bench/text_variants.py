"""How the tagger's test-split scores move when the same sentences are spelled otherwise.

Each variant rewrites every test row's text the way real files differ from the corpus: no-break
spaces or ``&nbsp;`` left from HTML, full-width letters, a line break inside the sentence, HTML
character references, upper case, list markers and numbering, the sentence quoted whole, no final punctuation,
straight or typographic quote marks. The rows are scored as text only (``rdi evaluate`` on a file
with text, lang, labels, target, each row read as ``rdi evaluate --data`` reads a file's rows) with
the shipped model; the table prints F1 of the four labels
and target accuracy per language, and the share of rows whose flags or target differ from those
of the stored spelling (``changed``; a tagger that reads every spelling alike has 0).
MEASUREMENTS §30, §43, §44.

    python bench/text_variants.py [--model DIR] [--json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus, normalise_row, text_only  # noqa: E402
from nlp.evaluation import predict_rows, score  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402

_MARKERS = {"ja": "○", "ko": "ㅇ ", "en": "- "}
_NUMBERS = {"ja": "１．", "ko": "1. ", "en": "1. "}
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _line_break(row: dict) -> str:
    text = row["text"]
    if row["lang"] == "ja":
        return text[: len(text) // 2] + "\n" + text[len(text) // 2:]
    return text.replace(" ", "\n", 1)


VARIANTS: dict[str, Callable[[dict], str]] = {
    "as stored": lambda r: r["text"],
    "no-break spaces": lambda r: r["text"].replace(" ", "\u00a0"),
    "&nbsp; left in": lambda r: r["text"].replace(" ", "&nbsp;", 2),
    "full-width": lambda r: _full_width(r["text"]),
    "line break inside": _line_break,
    "HTML-escaped": lambda r: html.escape(r["text"]),
    "upper case": lambda r: r["text"].upper(),
    "list marker": lambda r: _MARKERS[r["lang"]] + r["text"],
    "numbered": lambda r: _NUMBERS[r["lang"]] + r["text"],
    "quoted whole": lambda r: "\u201c" + r["text"] + "\u201d",
    "no final stop": lambda r: re.sub(r"[.。!?]+[\"”’']?$", "", r["text"]),
    "straight quotes": lambda r: r["text"].translate(_STRAIGHT),
    "typographic quotes": lambda r: re.sub(r'"([^"]*)"', "\u201c\\1\u201d", r["text"]).replace("'", "\u2019"),
}


def _outputs(pred: dict) -> tuple:
    return (*(pred[k] for k in LABELS), pred["target"])


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tagger = load_tagger(args.model)
    rows = [text_only(r) for r in load_corpus() if r["split"] == "test"]
    out: dict[str, dict] = {}
    stored: list[tuple] = []
    for name, rewrite in VARIANTS.items():
        variant = [normalise_row({**r, "text": rewrite(r)}) for r in rows]
        preds = predict_rows(tagger, variant)
        stored = stored or [_outputs(p) for p in preds]  # "as stored" comes first
        m = score(variant, preds)
        out[name] = {lang: {**{k: m["labels"][k][lang]["f1"] for k in LABELS},
                            "target": m["target_accuracy"][lang],
                            "changed": _share([_outputs(p) != s for r, p, s in zip(variant, preds, stored, strict=True)
                                               if r["lang"] == lang])} for lang in LANGS}
        if not args.json:
            cells = "  ".join(f"{lang} " + "/".join(f"{out[name][lang][k]:.3f}" for k in LABELS)
                              + f" t{out[name][lang]['target']:.3f} c{out[name][lang]['changed']:.3f}" for lang in LANGS)
            print(f"{name:18s} {cells}", flush=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
