"""Does the framing model need the ``T:`` target-source cues? Out-of-fold F1 on both views.

A row of an external evaluation file is bare text: no speaker, no statement around it, no
reporter's question, so the target resolver finds less and the cue string lacks the ``T:unit`` /
``T:context`` tokens a sourced statement has. This replays the training procedure of
nlp/training.py on train+dev (``GroupKFold`` by ``doc_id``, 5 folds; thresholds by the
production rule on the full view) for the shipped hyperparameters with ``target_cues`` on and
off, and prints per label the F1 on the full rows and on their text-only view (with the speaker
guesser's out-of-fold guesses, as at tagging time). The test split is never read. Results:
nlp/MEASUREMENTS.md §19.

    python bench/framing_views.py [en ja ko]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from nlp.classifiers import DEFAULT_PARAMS, build_framing_pipeline  # noqa: E402
from nlp.corpus import load_corpus  # noqa: E402
from nlp.features import feature_rows  # noqa: E402
from nlp.labels import LABELS, LANGS  # noqa: E402
from nlp.training import choose_threshold, fit_speaker, row_spans, statement_folds  # noqa: E402


def main(langs: list[str]) -> None:
    rows = load_corpus()
    for lang in langs:
        lang_rows = [r for r in rows if r["lang"] == lang]
        pool = [r for r in lang_rows if r["split"] != "test"]
        _, _, guesses = fit_speaker(lang, lang_rows)
        full = feature_rows(row_spans(lang, pool))
        bare = feature_rows(row_spans(lang, pool, text_only=True, speaker_guesses=guesses))
        Y = np.array([[r[k] for k in LABELS] for r in pool])
        folds = statement_folds(full, Y, [r["doc_id"] for r in pool])
        differ = int(np.sum(full[:, 1] != bare[:, 1]))
        print(f"{lang}: {len(pool)} rows, {differ} with a different cue string as bare text")
        for target_cues in (True, False):
            params = dict(DEFAULT_PARAMS[lang], target_cues=target_cues)
            p_full, p_bare = np.zeros(Y.shape), np.zeros(Y.shape)
            for fit_idx, held_idx in folds:
                model = build_framing_pipeline(lang, **params).fit(full[fit_idx], Y[fit_idx])
                for j, proba in enumerate(model.predict_proba(full[held_idx])):
                    p_full[held_idx, j] = proba[:, 1]
                for j, proba in enumerate(model.predict_proba(bare[held_idx])):
                    p_bare[held_idx, j] = proba[:, 1]
            cells = []
            for j, label in enumerate(LABELS):
                t = choose_threshold(Y[:, j], p_full[:, j])["threshold"]
                full_f1, bare_f1 = (f1_score(Y[:, j], p[:, j] >= t, zero_division=0.0) for p in (p_full, p_bare))
                cells.append(f"{label} {full_f1:.4f} / {bare_f1:.4f}")
            print(f"  target_cues={target_cues!s:5}  " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(LANGS))
