"""``rdi_framing_classifier``: calibrated per-label probabilities for every sentence.

Reads the sentence text and its cue/country spans (nlp/features.py), scores them with the fitted
scikit-learn model of the pipeline's language (nlp/classifiers.py) in batches, and writes
``Span._.rdi_probs`` ({label: probability}), ``Span._.rdi_flags`` ({label: p >= threshold}; the
thresholds are per label and language, chosen on dev for precision >= 0.85) and fills
``Span._.rdi_target`` when the resolver found no country in the sentence, its unit or the
question: from the fitted target model when training attached one (``rdi_target_source =
"model"``; text n-grams such as "missile" -> KP, "airspace" -> CN, plus the framing and the
speaker, nlp/classifiers.py ``build_target_pipeline``), else from the most frequent training
target (``"prior"``): the speaker's own prior (``"<label>|<country>"``, e.g. a Japanese
speaker's nationalist sentences mostly aim at KR) when the resolver knows the speaker, else the
language's prior for the label.

Bare text is different: a doc with no reporter's question or preceding text that either names
no speaker or is a single sentence (``is_bare``; e.g. a row of an external evaluation file). The
resolver's rules lean on who speaks and on the sentences around. When training kept the target
model's ``bare_text`` use (it beat the resolver on bare text out-of-fold, nlp/training.py
``fit_target``), the model sets the target of every sentence of such a doc
(``rdi_target_source = "bare_text_model"``). ``rdi tag`` always knows the source, so statements
of two sentences or more from the warehouse keep the resolver. ``target_uses`` lists the kept
uses (``"unresolved"``, ``"bare_text"``).

When training attached a unit-context model (nlp/unit_context.py), the sentences of a unit of two
sentences or more are then re-scored with their neighbours' probabilities, for the labels where
that beat the sentence alone out-of-fold: ``rdi_probs`` and ``rdi_flags`` take the re-scored
values (with the unit-context thresholds) and ``rdi_sentence_probs`` keeps the first stage. A doc
that is one piece of a longer unit (a corpus row tagged on its own) carries the other pieces'
first-stage probabilities in ``Doc._.rdi_neighbours``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.features import feature_rows, framing_key, prior_target, span_text, target_rows
from nlp.labels import LABELS
from nlp.model_io import ModelError, dump_model, load_model, read_config, write_config
from nlp.unit_context import unit_features

MODEL_FILE = "model.skops"
TARGET_MODEL_FILE = "target.skops"
CONTEXT_MODEL_FILE = "context.skops"
TARGET_USES = ("unresolved", "bare_text")
# What a target model is used for when nothing says: models trained before the bare-text use existed.
DEFAULT_TARGET_USES = ("unresolved",)
CFG_FILE = "cfg.json"


@Language.factory(
    "rdi_framing_classifier",
    requires=["token.is_sent_start", "doc.spans", "span._.rdi_target"],
    assigns=["span._.rdi_probs", "span._.rdi_flags", "span._.rdi_sentence_probs"],
    default_config={"batch_size": 256},
)
def make_framing_classifier(nlp: Language, name: str, *, batch_size: int) -> FramingClassifier:
    """Build an empty classifier; a fitted model is attached by ``set_model`` or ``from_disk``."""
    return FramingClassifier(name, lang=nlp.lang, batch_size=batch_size)


class FramingClassifier:
    """Score each sentence with the fitted sklearn framing model; see the module docstring."""

    def __init__(self, name: str, *, lang: str, batch_size: int = 256) -> None:
        self.name = name
        self.lang = lang
        self.batch_size = batch_size
        self.estimator: Any = None
        self.labels: list[str] = list(LABELS)
        self.thresholds: dict[str, float] = {label: 0.5 for label in LABELS}
        self.default_targets: dict[str, str | None] = {}
        self.target_estimator: Any = None
        self.target_uses: tuple[str, ...] = DEFAULT_TARGET_USES
        self.context_estimator: Any = None
        self.context_labels: list[str] = []
        self.context_thresholds: dict[str, float] = {}

    def set_model(
        self,
        estimator: Any,
        *,
        thresholds: dict[str, float] | None = None,
        default_targets: dict[str, str | None] | None = None,
        target_estimator: Any = None,
        target_uses: Iterable[str] = DEFAULT_TARGET_USES,
        context_estimator: Any = None,
        context_labels: Iterable[str] = (),
        context_thresholds: dict[str, float] | None = None,
    ) -> None:
        """Attach a fitted estimator (label order = ``LABELS``), its thresholds and, optionally,
        the fitted target model with the uses training kept (``TARGET_USES``) and the unit-context
        model with the labels it re-scores and their thresholds."""
        unknown = set(target_uses) - set(TARGET_USES)
        if unknown:
            raise ModelError(f"{self.name}: unknown target model use(s) {sorted(unknown)}; expected {TARGET_USES}")
        context_labels = list(context_labels) if context_estimator is not None else []
        missing = [k for k in context_labels if k not in self.labels or k not in (context_thresholds or {})]
        if missing:
            raise ModelError(f"{self.name}: unit-context label(s) {missing} unknown or without a threshold")
        self.context_estimator = context_estimator if context_labels else None
        self.context_labels = context_labels
        self.context_thresholds = {k: float((context_thresholds or {})[k]) for k in context_labels}
        self.estimator = estimator
        self.target_estimator = target_estimator
        self.target_uses = tuple(target_uses)
        if thresholds is not None:
            self.thresholds = {label: float(thresholds[label]) for label in self.labels}
        if default_targets is not None:
            self.default_targets = dict(default_targets)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Score docs in batches (one ``predict_proba`` per batch of docs)."""
        if self.estimator is None:
            raise ModelError(f"{self.name}: no fitted model attached (run `rdi train` or load a model)")
        for batch in minibatch(docs, batch_size or self.batch_size):
            sents = [s for d in batch for s in d.sents if span_text(s).strip()]
            if sents:
                rows = feature_rows(sents)
                per_label = self.estimator.predict_proba(rows)
                for i, sent in enumerate(sents):
                    sent._.rdi_cues = rows[i, 1]
                    probs = {label: float(per_label[j][i, 1]) for j, label in enumerate(self.labels)}
                    sent._.rdi_probs = probs
                    sent._.rdi_flags = {k: probs[k] >= self.thresholds[k] for k in self.labels}
                if self.context_estimator is not None:
                    self._rescore_units(batch)
                if self._uses("bare_text"):
                    bare_docs = {id(doc) for doc in batch if is_bare(doc)}  # once a doc, not a sentence
                    bare = [s for s in sents if id(s.doc) in bare_docs]
                    if bare:
                        self._set_targets(bare, "bare_text_model")
                self._fill_targets([s for s in sents if s._.rdi_target is None])
            yield from batch

    def _rescore_units(self, docs: list[Doc]) -> None:
        """Re-score the sentences of units of two sentences or more (one ``predict_proba`` for all)."""
        todo: list[Span] = []
        feats = []
        for doc in docs:
            own = [s for s in doc.sents if s._.rdi_probs is not None]
            before, after = doc._.rdi_neighbours or ((), ())
            if not own or len(before) + len(own) + len(after) < 2:
                continue
            unit = [*before, *([s._.rdi_probs[k] for k in self.labels] for s in own), *after]
            feats.append(unit_features(np.asarray(unit, dtype=float))[len(before):len(before) + len(own)])
            todo.extend(own)
        if not todo:
            return
        per_label = self.context_estimator.predict_proba(np.vstack(feats))
        for i, sent in enumerate(todo):
            first = sent._.rdi_probs
            probs, flags = dict(first), dict(sent._.rdi_flags)
            for label in self.context_labels:
                probs[label] = float(per_label[self.labels.index(label)][i, 1])
                flags[label] = probs[label] >= self.context_thresholds[label]
            sent._.rdi_sentence_probs = first
            sent._.rdi_probs, sent._.rdi_flags = probs, flags

    def _fill_targets(self, sents: list[Span]) -> None:
        """Give sentences without a resolved country the target model's guess, else the prior."""
        if not sents:
            return
        if self._uses("unresolved"):
            self._set_targets(sents, "model")
            return
        keys = [framing_key(s._.rdi_probs["nationalist"], s._.rdi_probs["conciliatory"]) for s in sents]
        speakers = [s.doc._.rdi_speaker for s in sents]
        for sent, key, speaker in zip(sents, keys, speakers, strict=True):
            prior = prior_target(self.default_targets, key, speaker)
            if prior:
                sent._.rdi_target, sent._.rdi_target_source = prior, "prior"

    def _uses(self, use: str) -> bool:
        return self.target_estimator is not None and use in self.target_uses

    def _set_targets(self, sents: list[Span], source: str) -> None:
        """Set each sentence's target to the target model's guess (``rdi_target_source = source``)."""
        keys = [framing_key(s._.rdi_probs["nationalist"], s._.rdi_probs["conciliatory"]) for s in sents]
        # no target has changed since the framing rows were read, so their cue strings still hold
        rows = target_rows(sents, keys, [s.doc._.rdi_speaker for s in sents], framing_cues=True)
        guesses = self.target_estimator.predict(rows)
        for sent, guess in zip(sents, guesses, strict=True):
            sent._.rdi_target, sent._.rdi_target_source = str(guess), source

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write ``model.skops`` (skops, never pickle) and ``cfg.json`` (thresholds, hash)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.estimator is None:
            raise ModelError(f"{self.name}: nothing to save, no fitted model attached")
        digest = dump_model(self.estimator, path / MODEL_FILE)
        target_digest = None
        if self.target_estimator is not None:
            target_digest = dump_model(self.target_estimator, path / TARGET_MODEL_FILE)
        context_digest = None
        if self.context_estimator is not None:
            context_digest = dump_model(self.context_estimator, path / CONTEXT_MODEL_FILE)
        cfg = {
            "lang": self.lang,
            "labels": self.labels,
            "thresholds": self.thresholds,
            "default_targets": self.default_targets,
            "sha256": digest,
            "target_sha256": target_digest,
            "target_uses": list(self.target_uses),
            "context_sha256": context_digest,
            "context_labels": self.context_labels,
            "context_thresholds": self.context_thresholds,
        }
        write_config(path / CFG_FILE, cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FramingClassifier:
        """Load what ``to_disk`` wrote, checking hash and trusted types."""
        path = Path(path)
        cfg = read_config(path / CFG_FILE, "classifier")
        estimator = load_model(path / MODEL_FILE, expected_sha256=cfg.get("sha256"))
        target = None
        if cfg.get("target_sha256"):
            target = load_model(path / TARGET_MODEL_FILE, expected_sha256=cfg["target_sha256"])
        context = None
        if cfg.get("context_sha256"):
            context = load_model(path / CONTEXT_MODEL_FILE, expected_sha256=cfg["context_sha256"])
        self.labels = list(cfg["labels"])
        self.set_model(estimator, thresholds=cfg["thresholds"], default_targets=cfg["default_targets"],
                       target_estimator=target, target_uses=cfg.get("target_uses", DEFAULT_TARGET_USES),
                       context_estimator=context, context_labels=cfg.get("context_labels", ()),
                       context_thresholds=cfg.get("context_thresholds"))
        return self


def is_bare(doc: Doc) -> bool:
    """True for bare text: a doc with no reporter's question or preceding text (``rdi_context``)
    whose source names no speaker, or that is a single sentence.

    A lone sentence gives the resolver's rules nothing but its own words even when the speaker is
    known (an evaluation row that carries only its source URL), and there the target model
    answered better (nlp/MEASUREMENTS.md §38)."""
    if doc._.rdi_context:
        return False
    return doc._.rdi_self is None or next(islice(doc.sents, 1, None), None) is None
