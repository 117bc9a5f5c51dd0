"""``rdi_transformer_rescorer``: a fine-tuned small transformer re-reads the sentences the linear
model is unsure of (English; nlp/MEASUREMENTS.md §40–41).

Runs after ``framing``. For each label it was kept for (nationalist, conciliatory), a sentence
whose current probability (the framing classifier's, or the unit-context stage's where that
re-scored it) lies in the band ``[lo, hi)`` is read by the transformer, and its probability becomes
``(1 - weight) * p + weight * p_transformer``; sentences outside the band keep theirs, so the
transformer reads a fraction of the sentences (about 15 % with [0.3, 0.7)). ``rdi_flags`` of
those labels are then set with the thresholds training chose on dev for the mixed probabilities:
``thresholds`` for sentences scored by the first stage, ``context_thresholds`` for those the
unit-context stage re-scored. ``rdi_sentence_probs`` keeps the first stage's probabilities of a
sentence it changed (the framing classifier has already set them where the unit-context stage
re-scored), so that attribute always holds the first stage wherever a later stage re-scored.

The transformer is an ONNX file (int8 weights) scored with ONNX Runtime and a ``tokenizers``
tokenizer; neither is ever unpickled, and both must match the SHA-256 recorded beside them. torch
is needed only to fine-tune (nlp/transformer_training.py). With no model attached the component
passes docs through unchanged (a model trained without it, or ``rdi train --no-rescorer``).

The target the framing classifier filled (model or prior) was chosen from the probabilities
before this stage.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.features import as_said, span_text
from nlp.labels import LABELS
from nlp.model_io import ModelError, read_config, sha256_file, write_config

ENCODER_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
CFG_FILE = "cfg.json"
INPUT_NAMES = ("ids", "mask")  # the exported graph's inputs: token ids, attention mask (int64)


@Language.factory(
    "rdi_transformer_rescorer",
    requires=["span._.rdi_probs"],
    assigns=["span._.rdi_probs", "span._.rdi_flags", "span._.rdi_sentence_probs"],
    default_config={"framing": "framing", "batch_size": 64, "threads": 0},
)
def make_transformer_rescorer(nlp: Language, name: str, *, framing: str, batch_size: int,
                              threads: int) -> TransformerRescorer:
    """Build an empty rescorer (a pass-through until ``set_model`` or ``from_disk`` attaches a model).

    ``framing`` names the framing classifier (whose unit-context labels it reads), ``batch_size``
    is the number of sentences per ONNX run, ``threads`` ONNX Runtime's intra-op threads (0: its
    default, one per core)."""
    return TransformerRescorer(nlp, name, framing=framing, batch_size=batch_size, threads=threads)


class TransformerRescorer:
    """Mix a transformer's probabilities into uncertain sentences; see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, framing: str = "framing", batch_size: int = 64,
                 threads: int = 0) -> None:
        self.nlp = nlp
        self.name = name
        self.framing = framing
        self.batch_size = batch_size
        self.threads = threads
        self.model_dir: Path | None = None
        self.cfg: dict[str, Any] = {}
        self._session: Any = None
        self._tokenizer: Any = None

    @property
    def labels(self) -> list[str]:
        """The labels this rescorer mixes (empty without a model)."""
        return list(self.cfg.get("labels", ()))

    def set_model(self, model_dir: Path, cfg: dict[str, Any]) -> None:
        """Attach the encoder and tokenizer in ``model_dir`` described by ``cfg``.

        ``cfg`` holds ``labels``, ``thresholds``, ``context_thresholds`` (label -> threshold),
        ``band`` ([lo, hi)), ``weight``, ``max_tokens``, ``output_labels`` (the order of the
        encoder's outputs) and ``sha256`` (file name -> digest). Raises :class:`ModelError` with one
        line for a missing, changed or unreadable file or an inconsistent ``cfg``.
        """
        model_dir = Path(model_dir)
        try:
            labels = list(cfg["labels"])
            output_labels = list(cfg["output_labels"])
            thresholds = {k: float(cfg["thresholds"][k]) for k in labels}
            context = {k: float(v) for k, v in (cfg.get("context_thresholds") or {}).items()}
            lo, hi = (float(x) for x in cfg["band"])
            weight, max_tokens = float(cfg["weight"]), int(cfg["max_tokens"])
            hashes = dict(cfg["sha256"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{self.name}: malformed rescorer config ({type(exc).__name__}: {exc})") from None
        if not set(context) <= set(labels) <= set(output_labels) <= set(LABELS):
            raise ModelError(f"{self.name}: rescorer labels {labels} / outputs {output_labels} do not fit {LABELS}")
        if not 0.0 <= lo < hi <= 1.0 or not 0.0 < weight <= 1.0:
            raise ModelError(f"{self.name}: rescorer band {lo, hi} or weight {weight} out of range")
        for name in (ENCODER_FILE, TOKENIZER_FILE):
            path = model_dir / name
            if not path.is_file():
                raise ModelError(f"rescorer file not found: {path}")
            if sha256_file(path) != hashes.get(name):
                raise ModelError(f"rescorer file {path} does not match the SHA-256 in its metadata "
                                 "(tampered or replaced)")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        except Exception as exc:  # noqa: BLE001 - any parse failure means the file is unusable
            raise ModelError(f"rescorer tokenizer {model_dir / TOKENIZER_FILE} is corrupt ({exc})") from None
        tokenizer.enable_truncation(max_tokens)
        tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        try:
            session = ort.InferenceSession(str(model_dir / ENCODER_FILE), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001
            raise ModelError(f"rescorer encoder {model_dir / ENCODER_FILE} is corrupt ({type(exc).__name__})") from None
        if tuple(i.name for i in session.get_inputs()) != INPUT_NAMES:
            raise ModelError(f"rescorer encoder {model_dir / ENCODER_FILE} has inputs "
                             f"{[i.name for i in session.get_inputs()]}, expected {list(INPUT_NAMES)}")
        self.model_dir = model_dir
        self.cfg = {**cfg, "labels": labels, "output_labels": output_labels, "thresholds": thresholds,
                    "context_thresholds": context, "band": [lo, hi], "weight": weight, "max_tokens": max_tokens,
                    "sha256": hashes}
        self._session, self._tokenizer = session, tokenizer

    def predict(self, texts: list[str]) -> np.ndarray:
        """Transformer probabilities (texts x ``output_labels``), texts batched by length."""
        if self._session is None:
            raise ModelError(f"{self.name}: no model attached")
        out = np.empty((len(texts), len(self.cfg["output_labels"])))
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            idx = order[start:start + self.batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            logits = self._session.run(None, {"ids": ids, "mask": mask})[0]
            out[idx] = 1.0 / (1.0 + np.exp(-logits))
        return out

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Re-score the uncertain sentences of each batch of docs (one transformer pass per batch)."""
        if self._session is None:
            yield from docs
            return
        for batch in minibatch(docs, 256):
            self._rescore([s for doc in batch for s in doc.sents if s._.rdi_probs is not None])
            yield from batch

    def _rescore(self, sents: list[Span]) -> None:
        lo, hi = self.cfg["band"]
        weight = self.cfg["weight"]
        framing = self.nlp.get_pipe(self.framing) if self.framing in self.nlp.pipe_names else None
        context_labels = set(framing.context_labels) if framing is not None else set()
        inside = [[lo <= s._.rdi_probs[k] < hi for k in self.labels] for s in sents]
        read = [i for i, row in enumerate(inside) if any(row)]
        probs = self.predict([as_said(span_text(sents[i])) for i in read]) if read else np.empty((0, 0))
        row_of = {i: n for n, i in enumerate(read)}
        for i, sent in enumerate(sents):
            new_probs, flags = dict(sent._.rdi_probs), dict(sent._.rdi_flags)
            rescored = sent._.rdi_sentence_probs is not None
            for j, label in enumerate(self.labels):
                if inside[i][j]:
                    mine = probs[row_of[i], self.cfg["output_labels"].index(label)]
                    new_probs[label] = float((1.0 - weight) * new_probs[label] + weight * mine)
                by_context = rescored and label in context_labels and label in self.cfg["context_thresholds"]
                threshold = self.cfg["context_thresholds"][label] if by_context else self.cfg["thresholds"][label]
                flags[label] = new_probs[label] >= threshold
            if not rescored and new_probs != sent._.rdi_probs:
                sent._.rdi_sentence_probs = sent._.rdi_probs
            sent._.rdi_probs, sent._.rdi_flags = new_probs, flags

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the encoder and tokenizer and write ``cfg.json`` (nothing without a model)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model_dir is None:
            write_config(path / CFG_FILE, {})
            return
        for name in (ENCODER_FILE, TOKENIZER_FILE):
            if (self.model_dir / name).resolve() != (path / name).resolve():
                shutil.copyfile(self.model_dir / name, path / name)
        write_config(path / CFG_FILE, self.cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TransformerRescorer:
        """Load what ``to_disk`` wrote, checking the files' hashes."""
        path = Path(path)
        cfg = read_config(path / CFG_FILE, "rescorer")
        if cfg:
            self.set_model(path, cfg)
        return self
