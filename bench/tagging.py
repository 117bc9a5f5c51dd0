"""Tagging throughput per language: full pipeline vs bare tokenizer + sentencizer.

Text: the bundled corpus sentences grouped back into their statements (``doc_id``), i.e. real and
realistic official statement text. For each language it times

* full  = ``Tagger.tag`` (tokenizer, sentencizer, cue span ruler, country gazetteer, target
  resolver, scikit-learn classifier, transformer rescorer, severity, SentenceTag objects) on the
  statements as ``rdi tag`` reads crawled units: the unit id names the speaking government (its
  source's prefix, ``jp_…``) and an answer carries the reporter's question. This is the back-fill
  the issue's speed line is about;
* full, bare text = the same statements with neither (as ``rdi evaluate`` reads a file of bare
  text), where the speaker guesser and the bare-text target model also run: printed, not in
  ``--json``;
* bare  = the same language's tokenizer + sentencizer only (``nlp.pipe``; for Japanese rdi's lean
  SudachiPy tokenizer, nlp/tokenizers.py),

and divides every full rate by the reference Japanese rate, ``spacy.blank("ja")`` (spaCy's own
SudachiPy tokenizer, default split mode) + sentencizer, measured in the same run: the issue's
"bare Japanese tokenization", the slowest unavoidable stage of a Japanese back-fill.
Method (perf_baselines.md): one warm-up pass, then ``--rounds`` rounds; in each round every
configuration runs whole passes for at least ``--min-seconds``; the figure is the median over
rounds. One process, one thread.

    python bench/tagging.py [--json] [--rounds 3] [--min-seconds 2] [--record] [--stages]

``--stages`` also prints where the full pipeline spends its time: µs per sentence of the tokenizer
and of each pipeline component, run stage by stage over the same statements (median over rounds).

``--record`` also stores the figures in the model's ``metadata.json`` (key ``bench``) and
re-renders its ``MODEL_CARD.md``, so the card carries the throughput measured with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy  # noqa: E402

from nlp.build import build_nlp  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.labels import LANGS  # noqa: E402
from nlp.model_card import render_model_card  # noqa: E402
from nlp.speakers import country_from_row  # noqa: E402
from nlp.tagger import METADATA_FILE, Tagger, UnitInput, load_tagger, make_unit_doc, newest_model_dir  # noqa: E402


def statement_rows(lang: str, corpus: list[dict] | None = None) -> list[list[dict]]:
    """Rows of ``lang`` of ``corpus`` (default: the bundled corpus) grouped into their statements
    (``doc_id``), in corpus order."""
    docs: dict[str, list[dict]] = defaultdict(list)
    for row in load_corpus() if corpus is None else corpus:
        if row["lang"] == lang:
            docs[row["doc_id"]].append(row)
    return list(docs.values())


def statements(lang: str, corpus: list[dict] | None = None) -> list[str]:
    """Corpus sentences of ``lang`` joined back into their statements."""
    sep = "" if lang == "ja" else " "
    return [sep.join(row["text"] for row in rows) for rows in statement_rows(lang, corpus)]


def crawled_units(lang: str, corpus: list[dict] | None = None) -> list[UnitInput]:
    """The statements of ``lang`` as ``rdi tag`` reads crawled units: a unit id with the speaking
    government's source prefix (``jp_bench:12``; none when the rows do not say who speaks), and
    each run of rows under one reporter's question one answer turn with that question as context."""
    sep = "" if lang == "ja" else " "
    units = []
    for i, rows in enumerate(statement_rows(lang, corpus)):
        country = country_from_row(rows[0])
        prefix = f"{country.lower()}_bench" if country else "bench"
        turns: list[tuple[str | None, list[str]]] = []
        for row in rows:
            context = row.get("context") or None
            if not turns or turns[-1][0] != context:
                turns.append((context, []))
            turns[-1][1].append(row["text"])
        units += [UnitInput(f"{prefix}:{i}#t{j}", lang, sep.join(texts), context=context)
                  for j, (context, texts) in enumerate(turns)]
    return units


def rate(run, n_sentences: int, min_seconds: float) -> float:  # noqa: ANN001
    """Sentences per second of ``run()`` over whole passes lasting at least ``min_seconds``."""
    passes, start = 0, time.perf_counter()
    while True:
        run()
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return passes * n_sentences / elapsed


def stage_times(tagger: Tagger, units: list[UnitInput], n_sentences: int, rounds: int) -> dict[str, float]:
    """µs per sentence of reading and tokenizing (as ``Tagger.docs`` does) and of each component of
    the language's pipeline, run one stage at a time over ``units`` (median over ``rounds``)."""
    nlp = tagger.nlp(units[0].lang)
    samples: dict[str, list[float]] = defaultdict(list)
    for round_ in range(rounds + 1):
        timings = {}
        start = time.perf_counter()
        docs = [make_unit_doc(nlp, unit) for unit in units]
        timings["tokenizer"] = time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=256)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            timings[name] = time.perf_counter() - start
        if round_:  # round 0 warms up
            for name, seconds in timings.items():
                samples[name].append(seconds / n_sentences * 1e6)
    return {name: statistics.median(vals) for name, vals in samples.items()}


def record(model_dir: Path, figures: dict[str, dict[str, float]], note: str) -> None:
    """Write the figures into ``metadata.json`` and re-render ``MODEL_CARD.md`` of ``model_dir``."""
    meta_path = model_dir / METADATA_FILE
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["bench"] = {"figures": figures, "note": note}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    (model_dir / "MODEL_CARD.md").write_text(render_model_card(meta), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=2.0)
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: newest)")
    parser.add_argument("--record", action="store_true", help="store the figures in the model's metadata and card")
    parser.add_argument("--stages", action="store_true", help="also print µs per sentence of each pipeline stage")
    args = parser.parse_args()

    tagger = load_tagger(args.model)
    corpus = load_corpus()
    texts = {lang: statements(lang, corpus) for lang in LANGS}
    bare = {}
    for lang in LANGS:
        nlp = build_nlp(lang)
        nlp.select_pipes(enable=["sentencizer"])
        bare[lang] = nlp
    reference = spacy.blank("ja")
    reference.add_pipe("sentencizer", config={"punct_chars": sorted(bare["ja"].get_pipe("sentencizer").punct_chars)})
    n_sents = {lang: sum(len(list(d.sents)) for d in bare[lang].pipe(texts[lang])) for lang in LANGS}
    units = {lang: crawled_units(lang, corpus) for lang in LANGS}
    bare_units = {lang: [UnitInput(f"bench:{i}", lang, t) for i, t in enumerate(texts[lang])] for lang in LANGS}

    configs = {}
    for lang in LANGS:
        configs[(lang, "bare")] = lambda lang=lang: sum(1 for _ in bare[lang].pipe(texts[lang], batch_size=256))
        configs[(lang, "full")] = lambda lang=lang: sum(1 for _ in tagger.tag(units[lang], batch_size=256))
        configs[(lang, "full_bare_text")] = lambda lang=lang: sum(
            1 for _ in tagger.tag(bare_units[lang], batch_size=256))
    configs[("ja", "reference")] = lambda: sum(1 for _ in reference.pipe(texts["ja"], batch_size=256))
    counts = {}  # sentences one pass handles: tagged sentences for the full pipelines
    for key, run in configs.items():  # warm-up
        done = run()
        counts[key] = done if key[1].startswith("full") else n_sents[key[0]]
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        for key, run in configs.items():
            samples[key].append(rate(run, counts[key], args.min_seconds))
    med = {key: statistics.median(vals) for key, vals in samples.items()}
    ja_bare = med[("ja", "reference")]
    out = {
        lang: {
            "full_sps": round(med[(lang, "full")], 1),
            "bare_sps": round(med[(lang, "bare")], 1),
            "ratio_to_ja_bare": round(med[(lang, "full")] / ja_bare, 3),
        }
        for lang in LANGS
    }
    if args.record:
        bare_text = ", ".join(f"{lang} {med[(lang, 'full_bare_text')] / ja_bare:.2f}" for lang in LANGS)
        record(args.model or newest_model_dir(), out, f"{args.rounds} rounds x >= {args.min_seconds}s, medians, "
               f"{time.strftime('%Y-%m-%d', time.gmtime())}, 2-core VM shared with other jobs; statements as "
               f"`rdi tag` reads crawled units; as bare text (no source or question) full / bare Japanese was "
               f"{bare_text}")
    if args.json:
        print(json.dumps(out))
        return
    print(f"model {tagger.model_version}; {args.rounds} rounds x >= {args.min_seconds}s; medians")
    print("full: statements as `rdi tag` reads crawled units (speaker from the source, questions as context)")
    print(f"{'lang':<5}{'units':>7}{'sentences':>10}{'full sent/s':>13}{'bare sent/s':>13}"
          f"{'full/bare':>10}{'full/ja_bare':>13}{'spread':>8}")
    for lang in LANGS:
        vals = samples[(lang, "full")]
        spread = (max(vals) - min(vals)) / statistics.median(vals)
        o = out[lang]
        print(f"{lang:<5}{len(units[lang]):>7}{counts[(lang, 'full')]:>10}{o['full_sps']:>13,.0f}"
              f"{o['bare_sps']:>13,.0f}{o['full_sps'] / o['bare_sps']:>10.2f}{o['ratio_to_ja_bare']:>13.2f}"
              f"{spread:>8.0%}")
    print("\nfull, bare text: the same statements without source or question (as `rdi evaluate` reads a file;"
          " the speaker guesser and the bare-text target model also run)")
    for lang in LANGS:
        sps = med[(lang, "full_bare_text")]
        print(f"{lang:<5}{len(texts[lang]):>7}{counts[(lang, 'full_bare_text')]:>10}{sps:>13,.0f}"
              f"{'':>13}{'':>10}{sps / ja_bare:>13.2f}")
    print(f"\nja_bare = spacy.blank('ja') + SudachiPy + sentencizer: {ja_bare:,.0f} sent/s")
    print("target: every language's full pipeline >= 0.5 x the bare Japanese rate (full/ja_bare >= 0.50)")
    if args.stages:
        print("\nµs per sentence, stage by stage (the crawled units of the full pipeline)")
        for lang in LANGS:
            times = stage_times(tagger, units[lang], n_sents[lang], args.rounds)
            cells = "  ".join(f"{name} {us:,.0f}" for name, us in times.items())
            print(f"{lang:<5}{cells}  | total {sum(times.values()):,.0f}")


if __name__ == "__main__":
    main()
