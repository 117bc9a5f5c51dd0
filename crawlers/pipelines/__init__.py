"""Item pipelines, one class per file."""
