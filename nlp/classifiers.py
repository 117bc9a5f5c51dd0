"""The scikit-learn framing model of one language: text n-grams + cue features -> 4 calibrated labels."""

from __future__ import annotations

import re

from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from nlp.estimators import NBLogisticRegression
from nlp.features import TARGET_SOURCE_PREFIX
from nlp.vectorizers import CompactCountVectorizer, CompactTfidfVectorizer

# Text features per language: word 1-2-grams for English, character n-grams for Japanese and
# Korean (tokenizer-independent, robust to particles and inflection; methodology.md §3.2).
TEXT_FEATURES: dict[str, dict[str, object]] = {
    "en": {"analyzer": "word", "ngram_range": (1, 2), "lowercase": True},
    "ja": {"analyzer": "char", "ngram_range": (1, 3), "lowercase": True},
    "ko": {"analyzer": "char", "ngram_range": (1, 3), "lowercase": True},
}


# Hyperparameters per language used by ``rdi train`` (keyword arguments of
# build_framing_pipeline); chosen on out-of-fold F1 by bench/tune_framing.py (MEASUREMENTS §8, §16).
# Naive-Bayes feature scaling raised out-of-fold mean F1 in every language (December 4 corpus,
# plain -> NB at C = 4: en 0.873 -> 0.877, ja 0.893 -> 0.900, ko 0.873 -> 0.880); C = 16 suits
# NB better in Japanese (0.905) and Korean (0.876 vs 0.871 at C = 4), C = 4 in English (0.877 vs
# 0.875). MEASUREMENTS §16.
# ``target_cues`` (bench/framing_views.py, MEASUREMENTS §19): off in Korean, where out-of-fold
# F1 on the bare-text view rises without the T: tokens (nationalist 0.820 -> 0.827, conciliatory
# 0.810 -> 0.819) and full rows hold; off in Japanese, where the two are within 0.003 in every
# cell and "off" makes full rows and bare text score alike; on in English, whose full rows lose
# 0.004 in both framing labels without them.
DEFAULT_PARAMS: dict[str, dict[str, object]] = {
    "en": {"C": 4.0, "min_df": 2, "extra_char": (3, 5), "nb": True},
    "ja": {"C": 16.0, "min_df": 2, "nb": True, "target_cues": False},
    "ko": {"C": 16.0, "min_df": 1, "nb": True, "target_cues": False},
}


# Cue tokens other than the target source (``T:sentence``, ``T:unit``, ``T:context``...,
# nlp/features.py cue_string): what a framing model reads when ``target_cues`` is off.
ALL_CUES = r"\S+"
NO_TARGET_CUES = rf"(?<!\S)(?!{re.escape(TARGET_SOURCE_PREFIX)})\S+"


def text_and_cue_blocks(lang: str, min_df: int, *, target_cues: bool = True) -> list[tuple[str, object, int]]:
    """The two column blocks every rdi text model reads from ``(text, cue_string)`` rows: TF-IDF
    n-grams of the text (``TEXT_FEATURES``) and binary cue tokens (without the ``T:`` target-source
    tokens when ``target_cues`` is off)."""
    pattern = ALL_CUES if target_cues else NO_TARGET_CUES
    return [
        ("text", CompactTfidfVectorizer(min_df=min_df, sublinear_tf=True, **TEXT_FEATURES[lang]), 0),
        ("cues", CompactCountVectorizer(token_pattern=pattern, lowercase=False, binary=True), 1),
    ]


def build_framing_pipeline(
    lang: str,
    *,
    C: float = 4.0,
    cue_weight: float = 1.0,
    min_df: int = 2,
    calibration_cv: int = 3,
    extra_char: tuple[int, int] | None = None,
    nb: bool = False,
    target_cues: bool = True,
    random_state: int = 0,
) -> Pipeline:
    """Return the unfitted per-language model: features -> one calibrated LogReg per label.

    ``nb`` scales the features of each label by their naive-Bayes log-count ratio before the
    logistic regression (:class:`~nlp.estimators.NBLogisticRegression`). ``target_cues`` off
    ignores the ``T:`` tokens (where the resolver found the target: the sentence, its unit, the
    reporter's question), which bare text never has, so a sentence scores the same with or without
    its statement around it.

    Input rows are ``(text, cue_string)`` pairs (see nlp/features.py); ``predict_proba`` returns
    one (n, 2) array per label, in the order of the label columns used to fit.
    """
    blocks = text_and_cue_blocks(lang, min_df, target_cues=target_cues)
    weights = {"text": 1.0, "cues": cue_weight}
    if extra_char is not None:  # character n-grams within words, for inflection-robust English
        blocks.append(("chars", CompactTfidfVectorizer(analyzer="char_wb", ngram_range=extra_char,
                                                       min_df=min_df, sublinear_tf=True), 0))
        weights["chars"] = 1.0
    features = ColumnTransformer(blocks, transformer_weights=weights)
    linear = NBLogisticRegression if nb else LogisticRegression
    base = linear(C=C, class_weight="balanced", max_iter=2000, random_state=random_state)
    clf = MultiOutputClassifier(CalibratedClassifierCV(base, method="sigmoid", cv=calibration_cv, ensemble=False))
    return Pipeline([("features", features), ("clf", clf)])


def build_speaker_pipeline(*, C: float = 5.0, random_state: int = 0) -> Pipeline:
    """Return the unfitted speaker model: sentence text -> speaking government (JP, KR, US).

    Word 1-2-grams ("Japan's position", "our alliance") and character 2-4-grams within words
    (ROK / Korea / Republic spellings), one multinomial logistic regression.
    """
    features = FeatureUnion([
        ("words", CompactTfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
        ("chars", CompactTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
    ])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=random_state)
    return Pipeline([("features", features), ("clf", clf)])


def build_target_pipeline(lang: str, *, C: float = 16.0, min_df: int = 2, random_state: int = 0) -> Pipeline:
    """Return the unfitted target model: framed sentence -> the country it aims at.

    Used where the rule resolver finds no country in the sentence, its unit or the question, and
    on bare text for every framed sentence (the uses training keeps, nlp/training.py
    ``fit_target``; nlp/components/framing_classifier.py). Input rows are ``(text, cue_string)``
    pairs (nlp/features.py ``target_rows``) whose cue string also carries the framing (``F:N`` /
    ``F:C``), when known the speaker (``S:JP``), and the resolver's answer (``P:JP``, ``P:none``);
    the text features are those of the framing model ("missile" -> KP, "airspace" -> CN).
    """
    features = ColumnTransformer(text_and_cue_blocks(lang, min_df))
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=random_state)
    return Pipeline([("features", features), ("clf", clf)])


def build_severity_pipeline(lang: str, *, C: float = 16.0, min_df: int = 2, random_state: int = 0) -> Pipeline:
    """Return the unfitted severity model: nationalist sentence -> severity 1, 2 or 3.

    The framing model's text n-grams and cue tokens (the cue rules' ids, ``R:regret``, are among
    them, so the model starts from what the rules say), one multinomial logistic regression.
    Used by ``rdi_severity`` instead of the rule maximum when it beats the rules out-of-fold
    (nlp/training.py ``fit_severity``).
    """
    features = ColumnTransformer(text_and_cue_blocks(lang, min_df))
    clf = LogisticRegression(C=C, max_iter=3000, random_state=random_state)
    return Pipeline([("features", features), ("clf", clf)])
