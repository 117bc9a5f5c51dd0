"""How the tagger's test-split scores move when the same sentences are spelled otherwise.

Each variant rewrites every test row's text the way real files differ from the corpus: no-break
spaces or ``&nbsp;`` left from HTML, full-width letters, a line break inside the sentence, HTML
character references, upper case, list markers and numbering, the sentence quoted whole, no final
punctuation, straight or typographic quote marks; and what a sentence copied from a transcript or
a page's source carries: a speaker's label in front, an interpreter's note, the audience's
reaction, a note mark or a footnote reference, hanja or kana glosses, half-width katakana, HTML
tags. The rows are scored as text only (``rdi evaluate`` on a file with text, lang, labels,
target, each row read as ``rdi evaluate --data`` reads a file's rows) with the shipped model; the
table prints F1 of the four labels and target accuracy per language, and the share of rows whose
flags or target differ from those of the stored spelling (``changed``; a tagger that reads every
spelling alike has 0). ``--variants`` runs only some (after the stored spelling), ``--limit`` every
n-th test row of a language (a quick look; the figures in MEASUREMENTS are of the whole split).
MEASUREMENTS §30, §43, §44.

    python bench/text_variants.py [--model DIR] [--json] [--variants "speaker label,HTML paragraph tags"]
        [--langs en,ko] [--limit N]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.corpus import load_corpus, normalise_row, text_only  # noqa: E402
from nlp.evaluation import metric_text, predict_rows, score  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.tagger import load_tagger  # noqa: E402

_MARKERS = {"ja": "○", "ko": "ㅇ ", "en": "- "}
_NUMBERS = {"ja": "１．", "ko": "1. ", "en": "1. "}
# How official transcripts print them: state.gov / whitehouse.gov ("SECRETARY RUBIO:  ", two spaces),
# mofa.go.jp (【岩屋外務大臣】), mofa.go.kr briefings (<답변>); kantei and the Korean spokesperson's page
# with a colon; a White House transcript's "(Applause.)", "(Via interpreter)" before a translated answer.
_SPEAKERS = {"ja": "【岩屋外務大臣】", "ko": "<답변> ", "en": "SECRETARY RUBIO:  "}
_SPEAKERS_COLON = {"ja": "林官房長官：", "ko": "○ 대변인 : ", "en": "MR. PIGOTT: "}
_STAGE = {"ja": "（拍手）", "ko": " (박수)", "en": " (Applause.)"}
_INTERPRETED = {"ja": "（通訳）", "ko": "(통역) ", "en": "(Via interpreter) "}
_NOTE = {"ja": "※", "ko": "※ ", "en": "* "}
# Glosses official pages print after a word: Korean hanja, Japanese readings in parentheses.
_GLOSSES = {"ko": {"독도": "獨島", "일본": "日本", "한국": "韓國", "중국": "中國", "북한": "北韓",
                   "위안부": "慰安婦", "강제징용": "强制徵用", "역사": "歷史", "영토": "領土"},
            "ja": {"竹島": "たけしま", "尖閣": "せんかく", "毅然": "きぜん", "拉致": "らち",
                   "慰安婦": "いあんふ", "尹": "ユン", "李": "イ", "習近平": "しゅうきんぺい", "遺憾": "いかん"},
            "en": {}}
# Half-width katakana (U+FF66–U+FF9F) for the full-width ones NFKC maps them from.
_HALF_KANA = {ord(unicodedata.normalize("NFKC", chr(c) + mark)): chr(c) + mark
              for c in range(0xFF66, 0xFF9E) for mark in ("", "\uff9e", "\uff9f")
              if len(unicodedata.normalize("NFKC", chr(c) + mark)) == 1}
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _line_break(row: dict) -> str:
    text = row["text"]
    if row["lang"] == "ja":
        return text[: len(text) // 2] + "\n" + text[len(text) // 2:]
    return text.replace(" ", "\n", 1)


def _glossed(row: dict) -> str:
    """Each listed word's first occurrence glossed: 독도(獨島), 竹島（たけしま）."""
    text = row["text"]
    open_, close = ("（", "）") if row["lang"] == "ja" else ("(", ")")
    for word, gloss in _GLOSSES[row["lang"]].items():
        text = text.replace(word, f"{word}{open_}{gloss}{close}", 1)
    return text


def _strong(row: dict) -> str:
    """The first word (English, Korean) or the first four characters (Japanese) in <strong>."""
    text = row["text"]
    cut = 4 if row["lang"] == "ja" else (text.find(" ") if " " in text else len(text))
    return "<strong>" + text[:cut] + "</strong>" + text[cut:]


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
    # Copied from a transcript page: the speaker's label, a stage direction or a note mark left in.
    "speaker label": lambda r: _SPEAKERS[r["lang"]] + r["text"],
    "speaker label with colon": lambda r: _SPEAKERS_COLON[r["lang"]] + r["text"],
    "stage direction after": lambda r: r["text"] + _STAGE[r["lang"]],
    "interpreter note before": lambda r: _INTERPRETED[r["lang"]] + r["text"],
    "note mark before": lambda r: _NOTE[r["lang"]] + r["text"],
    "footnote reference": lambda r: r["text"] + "[1]",
    "hanja and ruby glosses": _glossed,
    "half-width katakana": lambda r: r["text"].translate(_HALF_KANA),
    "HTML paragraph tags": lambda r: "<p>" + r["text"] + "</p>",
    "HTML <br> inside": lambda r: _line_break(r).replace("\n", "<br>", 1),
    "HTML <strong> inside": _strong,
}


def _every_nth(rows: list[dict], limit: int) -> list[dict]:
    """Every n-th row, so that at most ``limit`` remain (the same rows on every run)."""
    step = max(1, -(-len(rows) // limit))
    return rows[::step]


def _outputs(pred: dict) -> tuple:
    return (*(pred[k] for k in LABELS), pred["target"])


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--variants", default=None,
                    help="comma-separated variant names to run (\"as stored\" always runs first)")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated languages (default: all)")
    ap.add_argument("--limit", type=int, default=None,
                    help="score every n-th test row of a language so that at most this many remain")
    args = ap.parse_args()
    names = list(VARIANTS) if args.variants is None else ["as stored", *args.variants.split(",")]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        ap.error(f"unknown variants {unknown}; known: {list(VARIANTS)}")
    langs = args.langs.split(",")
    tagger = load_tagger(args.model)
    rows = [text_only(r) for r in load_corpus(langs=langs) if r["split"] == "test"]
    if args.limit:
        rows = [r for lang in langs for r in _every_nth([r for r in rows if r["lang"] == lang], args.limit)]
    out: dict[str, dict] = {}
    stored: list[tuple] = []
    for name in dict.fromkeys(names):
        rewrite = VARIANTS[name]
        variant = [normalise_row({**r, "text": rewrite(r)}) for r in rows]
        preds = predict_rows(tagger, variant)
        stored = stored or [_outputs(p) for p in preds]  # "as stored" comes first
        m = score(variant, preds)
        out[name] = {lang: {**{k: m["labels"][k][lang]["f1"] for k in LABELS},
                            "target": m["target_accuracy"][lang],
                            "changed": _share([_outputs(p) != s for r, p, s in zip(variant, preds, stored, strict=True)
                                               if r["lang"] == lang])} for lang in langs}
        if not args.json:
            cells = "  ".join(f"{lang} " + "/".join(metric_text(out[name][lang][k]) for k in LABELS)
                              + f" t{metric_text(out[name][lang]['target'])} c{out[name][lang]['changed']:.3f}"
                              for lang in langs)
            print(f"{name:24s} {cells}", flush=True)
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
