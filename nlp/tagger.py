"""The Tagger API (team contract 3): sentence tags for units, from a saved framing model.

``load_tagger(model_dir)`` checks the model (metadata, SHA-256, trusted types, the copy of the
lexicons it was trained with) and returns a :class:`Tagger`; ``Tagger.tag(units)`` yields one
:class:`SentenceTag` per sentence, in input order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.components.framing_classifier import DEFAULT_TARGET_USES
from nlp.features import sentence_cues, span_text
from nlp.labels import LABELS, check_lang
from nlp.model_files import (  # noqa: F401 - re-exported: the tagger's callers read them here
    LEXICON_DIR, METADATA_FILE, MODEL_FILE, MODELS_DIR, RESCORER_DIR, check_lexicons, lexicon_dir_of, load_metadata,
    model_dirs, newest_model_dir, resolve_model_dir,
)
from nlp.model_io import ModelError, load_model, sha256_file
from nlp.speakers import country_from_unit_id
from nlp.text import read_text, tagger_text



@dataclass
class UnitInput:
    """One unit to tag: a statement without turns, or one official answer turn."""

    unit_id: str
    lang: str
    text: str
    context: str | None = None  # preceding reporter question
    # (before, after) first-stage probabilities of the rest of the unit when this text is one piece
    # of it (corpus rows tagged one at a time; nlp/unit_context.py)
    neighbours: tuple[list[list[float]], list[list[float]]] | None = None


@dataclass
class SentenceTag:
    """Tags of one sentence of a unit (offsets are character offsets into the unit text)."""

    unit_id: str
    idx: int
    start: int
    end: int
    text: str
    p_history: float
    p_territory: float
    p_nationalist: float
    p_conciliatory: float
    history: bool
    territory: bool
    nationalist: bool
    conciliatory: bool
    target: str | None
    severity: int
    cues: list[str]


class Tagger:
    """Tag units with the framing pipelines of one model version."""

    def __init__(self, model_dir: Path, metadata: dict[str, Any], estimators: dict[str, Any],
                 lexicon_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self.metadata = metadata
        self.model_version: str = metadata["version"]
        self.lexicon_dir = lexicon_dir  # None: a model saved before lexicon copies; reads nlp/patterns/
        self._estimators = estimators
        self._nlps: dict[str, Language] = {}

    def nlp(self, lang: str) -> Language:
        """The pipeline of ``lang`` with this model attached (built on first use)."""
        check_lang(lang)
        if lang not in self._nlps:
            if lang not in self._estimators:
                raise ModelError(f"model {self.model_version} has no {lang!r} classifier")
            from nlp.build import build_nlp

            nlp = build_nlp(lang, pattern_dir=self.lexicon_dir)
            context = self.metadata.get("unit_context", {}).get("langs", {}).get(lang, {})
            if f"context:{lang}" in self._estimators:
                check_unit_context(self.metadata, self.model_version)
            nlp.get_pipe("framing").set_model(
                self._estimators[lang],
                thresholds=self.metadata["thresholds"][lang],
                default_targets=self.metadata.get("default_targets", {}).get(lang, {}),
                target_estimator=self._estimators.get(f"target:{lang}"),
                target_uses=self.metadata.get("target_model", {}).get("uses", {}).get(lang, DEFAULT_TARGET_USES),
                context_estimator=self._estimators.get(f"context:{lang}"),
                context_labels=context.get("labels", ()),
                context_thresholds=context.get("thresholds"),
            )
            speaker_model = self._estimators.get(f"speaker:{lang}")
            if speaker_model is not None and "speaker" in nlp.pipe_names:
                nlp.get_pipe("speaker").set_model(
                    speaker_model, min_proba=self.metadata.get("speaker_model", {}).get("min_proba"))
            severity_model = self._estimators.get(f"severity:{lang}")
            if severity_model is not None:
                nlp.get_pipe("severity").set_model(severity_model)
            rescorer = rescorer_config(self.metadata, lang)
            if rescorer is not None:
                if "rescorer" not in nlp.pipe_names:
                    raise ModelError(f"model {self.model_version} has a {lang!r} rescorer but the {lang} "
                                     "pipeline (nlp/configs) has no rescorer component")
                nlp.get_pipe("rescorer").set_model(self.model_dir / rescorer["dir"], rescorer)
            self._nlps[lang] = nlp
        return self._nlps[lang]

    def docs(self, units: Iterable[UnitInput], batch_size: int = 256) -> Iterator[tuple[UnitInput, Doc]]:
        """Run the pipelines; yield ``(unit, doc)`` in input order (batched per language).

        Text and context are read as :func:`nlp.text.tagger_text` gives them, as in training.
        """
        for chunk in minibatch(units, batch_size):
            by_lang: dict[str, list[int]] = defaultdict(list)
            for i, unit in enumerate(chunk):
                by_lang[check_lang(unit.lang)].append(i)
            docs: list[Doc | None] = [None] * len(chunk)
            for lang, idxs in by_lang.items():
                nlp = self.nlp(lang)
                inputs = [make_unit_doc(nlp, chunk[i]) for i in idxs]
                for i, doc in zip(idxs, nlp.pipe(inputs, batch_size=batch_size), strict=True):
                    docs[i] = doc
            for unit, doc in zip(chunk, docs, strict=True):
                assert doc is not None
                yield unit, doc

    def tag(self, units: Iterable[UnitInput], batch_size: int = 256) -> Iterator[SentenceTag]:
        """Yield one SentenceTag per non-blank sentence of every unit, in input order."""
        for unit, doc in self.docs(units, batch_size=batch_size):
            yield from sentence_tags(unit.unit_id, doc)


def make_unit_doc(nlp: Language, unit: UnitInput) -> Doc:
    """The tokenized doc of ``unit`` before the pipeline's components: its text read as
    :func:`nlp.text.read_text` gives it, with its context, neighbours and speaking government
    (from the unit id's source prefix) set."""
    reading = read_text(unit.text, unit.lang)
    doc = nlp.make_doc(reading.text)
    doc._.rdi_reading = reading
    doc._.rdi_context = tagger_text(unit.context, unit.lang) or None
    doc._.rdi_neighbours = unit.neighbours
    doc._.rdi_self = country_from_unit_id(unit.unit_id)
    return doc


def rescorer_config(metadata: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The transformer rescorer's config of ``lang`` in a model's metadata (None: trained without)."""
    found = (metadata.get("rescorer") or {}).get("attached", {}).get(lang)
    if found is not None and not (isinstance(found, dict) and isinstance(found.get("dir"), str)):
        raise ModelError(f"model {metadata.get('version')}: malformed rescorer entry for {lang!r}")
    return found


def check_rescorer_files(path: Path, meta: dict[str, Any]) -> None:
    """Refuse a model whose rescorer files are missing or differ from the SHA-256 in its metadata."""
    for lang in meta["langs"]:
        cfg = rescorer_config(meta, lang)
        for name, digest in ((cfg or {}).get("sha256") or {}).items():
            file = path / cfg["dir"] / Path(name).name
            if not file.is_file():
                raise ModelError(f"rescorer file {file} of model {meta['version']} is missing; restore the model folder")
            if sha256_file(file) != digest:
                raise ModelError(f"rescorer file {file} of model {meta['version']} does not match the SHA-256 "
                                 "in its metadata (tampered or replaced)")


def check_unit_context(metadata: dict[str, Any], version: str) -> None:
    """Refuse a unit-context stage fitted on another feature layout than this code computes."""
    from nlp.unit_context import FEATURES_VERSION

    found = metadata.get("unit_context", {}).get("features_version")
    if found != FEATURES_VERSION:
        raise ModelError(f"model {version}: its unit-context stage was fitted on feature layout {found}, "
                         f"this code computes layout {FEATURES_VERSION}; retrain (`rdi train`)")


def sentence_tags(unit_id: str, doc: Doc) -> Iterator[SentenceTag]:
    """SentenceTags of a processed doc (target only on nationalist/conciliatory sentences)."""
    idx = 0
    for sent in doc.sents:
        if sent._.rdi_probs is None or not span_text(sent).strip():
            continue
        yield _sentence_tag(unit_id, idx, sent)
        idx += 1


def _sentence_tag(unit_id: str, idx: int, sent: Span) -> SentenceTag:
    probs, flags = sent._.rdi_probs, sent._.rdi_flags
    framed = flags["nationalist"] or flags["conciliatory"]
    cues = sorted({span_text(s) for s in sentence_cues(sent)})
    start, end, text = sent.start_char, sent.end_char, span_text(sent)
    reading = sent.doc._.rdi_reading
    if reading is not None:  # offsets and text of the unit's own characters (nlp/text.py)
        start, end = reading.source_span(start, end)
        text = reading.source[start:end]
    return SentenceTag(
        unit_id=unit_id, idx=idx, start=start, end=end, text=text,
        **{f"p_{k}": round(float(probs[k]), 6) for k in LABELS},
        **{k: bool(flags[k]) for k in LABELS},
        target=sent._.rdi_target if framed else None,
        severity=int(sent._.rdi_severity),
        cues=cues,
    )


def load_tagger(model_dir: Path | None = None) -> Tagger:
    """Load a model version (default: newest); raise ModelError with one line if it is unusable."""
    path = resolve_model_dir(model_dir)
    if not path.is_dir():
        raise ModelError(f"model directory not found: {path}")
    meta = load_metadata(path)
    estimators = load_model(path / MODEL_FILE, expected_sha256=meta["sha256"])
    if not isinstance(estimators, dict) or not set(meta["langs"]) <= set(estimators):
        raise ModelError(f"model file {path / MODEL_FILE} does not hold the languages its metadata lists")
    check_rescorer_files(path, meta)
    return Tagger(path, meta, estimators, lexicon_dir=check_lexicons(path, meta))
