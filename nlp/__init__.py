"""spaCy + scikit-learn framing tagger (history, territory, nationalist, conciliatory, target)."""
