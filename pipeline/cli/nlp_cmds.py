"""``rdi train``, ``rdi evaluate`` and ``rdi corpus-agreement``: thin wrappers over nlp.training,
nlp.evaluation and nlp.reliability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli._app import app

ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="Model folder models/framing/<version>/ (default: newest, or RDI_MODEL_DIR).",
                 file_okay=False),
]


@app.command("train")
def train_cli(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder with <lang>/part-*.jsonl.",
                                                file_okay=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where model versions go (default models/framing).",
                                             file_okay=False)] = None,
    version: Annotated[str | None, typer.Option("--version", help="Version name (default YYYYMMDD-<data hash>).")] = None,
    home: Annotated[Path | None, typer.Option("--home", help="Refuse units audited in this warehouse (AUDIT.md).",
                                              file_okay=False)] = None,
    audited_ids: Annotated[Path | None, typer.Option("--audited-ids", help="Refuse the unit ids in this file "
                                                     "(rdi audit ids --out FILE).", dir_okay=False)] = None,
    rescorer: Annotated[bool, typer.Option("--rescorer/--no-rescorer",
                                           help="Fine-tune the English transformer rescorer (needs the 'train' "
                                                "extra, about 25 minutes more).")] = True,
) -> None:
    """Train the framing tagger and write models/framing/<version>/ (model, metadata, card).

    RDI_TRAIN_JOBS=N fits the cross-validation folds N at a time: faster, as good, not the same bytes.
    """
    from nlp.corpus import CORPUS_DIR
    from nlp.model_files import MODELS_DIR
    from nlp.training import train
    from nlp.transformer_training import RescorerSettings, base_dir

    audited: set[str] = set()
    if home is not None or audited_ids is not None:
        from pipeline.audit.separation import audited_ids as warehouse_ids
        from pipeline.audit.separation import read_ids
        from pipeline.config import load_project

        audited |= warehouse_ids(load_project(home)) if home is not None else set()
        audited |= read_ids(audited_ids) if audited_ids is not None else set()
    if rescorer:
        base_dir()  # fail now, not after the linear models, if the 'train' extra is missing
    path = train(corpus or CORPUS_DIR, out or MODELS_DIR, version=version, audited=audited,
                 rescorer=RescorerSettings() if rescorer else None)
    meta = json.loads((path / "metadata.json").read_text("utf-8"))
    typer.echo(str(path))
    _print_metrics(meta["metrics"]["test"], title=f"test split, model {meta['version']}")


@app.command("evaluate")
def evaluate_cli(
    data: Annotated[Path | None, typer.Option("--data", help="JSONL with text, lang, the 4 labels (0/1), target.",
                                              dir_okay=False)] = None,
    split: Annotated[str | None, typer.Option("--split", help="Score a split of the bundled corpus instead: train, dev or test.")] = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object {labels, target_accuracy}.")] = False,
    with_intervals: Annotated[bool, typer.Option(
        "--intervals", help="With --json, add 'intervals': 90 % bootstrap intervals over statements.")] = False,
) -> None:
    """Score a labelled JSONL file: P/R/F1/support per label x language, target accuracy, Brier, confusion.

    The table also shows 90 % intervals of F1 and target accuracy from a bootstrap that resamples
    statements. A statement is the rows that share a `doc_id`, else those that share a source URL
    (`source_url`) and date (`source_date`); a row with neither counts as its own statement. Rows
    of one statement are read together in file order: a row takes the rows before it as context
    (the target of "the two countries") and a model's unit-context stage re-scores each with its
    neighbours, as `rdi tag` does inside a unit; other rows are scored alone. A source URL also
    gives the speaker's country (mofa.go.jp, korea.kr, state.gov…).
    A --data file may spell languages as `ja-JP` or `jpn`, targets in lower case, as alpha-3
    codes (`PRK`) or as "" for none, labels as text ("1", "true", "yes"), and the source URL and
    date as `url` (or `source`, `link`) and `date`; a list marker in front of a text ("1. ", "・")
    is dropped. It may be one JSON array instead of JSON lines, and UTF-16 with a byte-order mark.
    Rows whose text is plainly not in their `lang` (Korean text marked `en`) are named in a warning
    on stderr; they are still scored as the file says.
    """
    from nlp.corpus import SPLITS, CorpusError, load_corpus, read_jsonl
    from nlp.evaluation import evaluate, public_view
    from nlp.tagger import load_tagger

    if (data is None) == (split is None):
        raise typer.BadParameter("give exactly one of --data FILE or --split NAME")
    if split is not None and split not in SPLITS:
        raise typer.BadParameter(f"--split must be one of {', '.join(SPLITS)}")
    mislabelled: list[str] = []
    rows = (read_jsonl(data, lenient=True, warn=mislabelled.append) if data is not None
            else [r for r in load_corpus() if r["split"] == split])
    if mislabelled:
        more = f" and {len(mislabelled) - 3} more" if len(mislabelled) > 3 else ""
        typer.echo(f"warning: {len(mislabelled)} row(s) whose text is not in their lang, scored as that language: "
                   f"{'; '.join(mislabelled[:3])}{more}", err=True)
    if not rows:
        raise CorpusError(f"{data or split}: no labelled rows to score")
    tagger = load_tagger(model)
    metrics = evaluate(tagger, rows)
    if as_json:
        view = public_view(metrics) | ({"intervals": metrics["intervals"]} if with_intervals else {})
        typer.echo(json.dumps(view, ensure_ascii=False))
    else:
        _print_metrics(metrics, title=f"{data or split} with model {tagger.model_version}")


def _print_metrics(metrics: dict[str, Any], *, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from nlp.evaluation import interval_text, metric_text

    table = Table(title=title)
    iv = metrics.get("intervals")
    for col in ("label", "lang", "precision", "recall", "f1", "f1 90%", "support", "brier", "tp", "fp", "fn", "tn"):
        table.add_column(col, justify="left" if col in ("label", "lang") else "right")
    for label, per_lang in metrics["labels"].items():
        for lang, m in per_lang.items():
            c = metrics["confusion"][label][lang]
            f1_iv = (interval_text(iv["f1"][label].get(lang)) if iv else "") or "–"
            table.add_row(label, lang, metric_text(m["precision"]), metric_text(m["recall"]), metric_text(m["f1"]), f1_iv,
                          str(m["support"]), f"{metrics['brier'][label][lang]:.3f}",
                          str(c["tp"]), str(c["fp"]), str(c["fn"]), str(c["tn"]))
    console = Console(width=130)
    console.print(table)
    for name in ("target_accuracy", "severity_accuracy"):
        vals = ", ".join(f"{lang} {'–' if v is None else f'{v:.3f}'}"
                         + (f" {interval_text(iv[name].get(lang))}" if iv and name in iv and v is not None else "")
                         for lang, v in metrics[name].items())
        console.print(f"{name.replace('_', ' ')}: {vals}")
    rates = "; ".join(f"{lang} tp={c['tp']} fp={c['fp']} fn={c['fn']} tn={c['tn']}" for lang, c in metrics["unit_rates"].items())
    console.print(f"unit rates (hostile = nationalist AND (history OR territory) with a target): {rates}")


@app.command("corpus-agreement")
def corpus_agreement_cli(
    data: Annotated[Path | None, typer.Option("--data", help="Study file (default nlp/corpus/reliability/second-coding.jsonl).",
                                              dir_okay=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object {LANG: {FIELD: {...}}}.")] = False,
) -> None:
    """Agreement of two independent codings of the corpus sample: Krippendorff's alpha, % agreement, coder F1.

    The coder-against-coder F1 is the ceiling to read the tagger's F1 against (ANNOTATION.md §6).
    """
    from rich.console import Console
    from rich.table import Table

    from nlp.reliability import STUDY_FILE, agreement, read_study

    result = agreement(read_study(data or STUDY_FILE))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    table = Table(title=f"coder agreement, {data or STUDY_FILE.name}")
    for col in ("lang", "field", "alpha", "verdict", "agree", "coder F1", "positives 1st / 2nd", "units"):
        table.add_column(col, justify="left" if col in ("lang", "field", "verdict") else "right")
    for lang, per in result.items():
        for field, c in per.items():
            extra = ("–" if c["f1"] is None else f"{c['f1']:.3f}") if "f1" in c else ""
            pos = " / ".join(map(str, c["positives"])) if "positives" in c else ""
            if field == "target" and c["agree_framed"] is not None:
                extra = f"{c['agree_framed']:.3f} agree on {c['framed_units']} framed"
            table.add_row(lang, field, "–" if c["alpha"] is None else f"{c['alpha']:.3f}", c["verdict"],
                          f"{c['agree']:.3f}", extra, pos, str(c["units"]))
    Console(width=130).print(table)
