"""NB-weighted logistic regression (NBSVM-style) for sparse text features.

Wang & Manning (2012, "Baselines and bigrams") scale each binary feature by its naive-Bayes
log-count ratio ``r = log((p / |p|₁) / (q / |q|₁))``, where ``p`` and ``q`` count the feature's
presence (plus ``alpha``) among positive and negative rows, then fit a linear model on the scaled
features. Features that separate the classes start with larger weights, which suits short
sentences with few telling words. scikit-learn has no such estimator, so this thin wrapper fits
``r`` and delegates everything else to :class:`~sklearn.linear_model.LogisticRegression`.
Measured against the plain logistic regression in nlp/MEASUREMENTS.md §16.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted


class NBLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary logistic regression on features scaled by their naive-Bayes log-count ratio."""

    def __init__(self, C: float = 4.0, alpha: float = 1.0, class_weight: Any = "balanced",
                 max_iter: int = 2000, random_state: int | None = 0) -> None:
        self.C = C
        self.alpha = alpha
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> NBLogisticRegression:
        """Compute the log-count ratios on ``X`` (presence, not weight) and fit the scaled model."""
        X = sp.csr_matrix(X, dtype=np.float64)
        y = np.asarray(y)
        classes = np.unique(y)
        if len(classes) != 2:
            raise ValueError(f"NBLogisticRegression needs exactly two classes, got {classes.tolist()}")
        present = X.copy()
        present.data = (present.data != 0).astype(np.float64)
        pos = self.alpha + np.asarray(present[y == classes[1]].sum(axis=0)).ravel()
        neg = self.alpha + np.asarray(present[y == classes[0]].sum(axis=0)).ravel()
        self.log_count_ratio_ = np.log((pos / pos.sum()) / (neg / neg.sum()))
        self.linear_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                          random_state=self.random_state).fit(self._scale(X), y)
        self.classes_ = self.linear_.classes_
        self.n_features_in_ = X.shape[1]
        return self

    def _scale(self, X: Any) -> sp.csr_matrix:
        X = sp.csr_matrix(X, dtype=np.float64)
        if X.shape[1] != self.log_count_ratio_.shape[0]:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self.log_count_ratio_.shape[0]}")
        return sp.csr_matrix(X.multiply(self.log_count_ratio_))

    def decision_function(self, X: Any) -> np.ndarray:
        """Signed distance to the boundary (positive: the second class)."""
        check_is_fitted(self, "linear_")
        return self.linear_.decision_function(self._scale(X))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Uncalibrated class probabilities, shape (n, 2)."""
        check_is_fitted(self, "linear_")
        return self.linear_.predict_proba(self._scale(X))

    def predict(self, X: Any) -> np.ndarray:
        """The more likely class per row."""
        check_is_fitted(self, "linear_")
        return self.linear_.predict(self._scale(X))
