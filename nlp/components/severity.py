"""``rdi_severity``: severity 0–3 of nationalist sentences (methodology §6.2).

1 = ritual regret (遺憾 / 유감 / "regret"), 2 = protest, accusation or demand, 3 = threat,
derogation or ultimatum. A sentence flagged nationalist gets the highest severity among the
nationalist cue rules inside it (``nlp/patterns/nationalist.<lang>.jsonl``), or
``default_severity`` when no rule fired; every other sentence gets 0. Writes ``Span._.rdi_severity``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.features import sentence_cues

CFG_FILE = "severities.json"


@Language.factory(
    "rdi_severity",
    requires=["span._.rdi_flags", "doc.spans"],
    assigns=["span._.rdi_severity"],
    default_config={"default_severity": 2},
)
def make_severity(nlp: Language, name: str, *, default_severity: int) -> Severity:
    """Build the severity scorer; rule severities come from ``initialize`` or ``from_disk``."""
    return Severity(name, default_severity=default_severity)


class Severity:
    """Assign 0–3 to each sentence from its nationalist flag and cue rules."""

    def __init__(self, name: str, *, default_severity: int = 2) -> None:
        if default_severity not in (1, 2, 3):
            raise ValueError("default_severity must be 1, 2 or 3")
        self.name = name
        self.default_severity = default_severity
        self.severities: dict[str, int] = {}

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
        severities: dict[str, int] | None = None,
    ) -> None:
        """Take the rule severities (``[initialize.components.<name>.severities]`` in the config)."""
        self.severities = dict(severities or {})

    def sentence_severity(self, sent: Span) -> int:
        """Severity the sentence would have if it is nationalist (1–3)."""
        levels = [self.severities.get(s.id_, 0) for s in sentence_cues(sent) if s.label_ == "nationalist"]
        return max(levels) if levels and max(levels) > 0 else self.default_severity

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            flags = sent._.rdi_flags or {}
            sent._.rdi_severity = self.sentence_severity(sent) if flags.get("nationalist") else 0
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the rule severities."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CFG_FILE).write_text(json.dumps(self.severities, ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Severity:
        """Load the rule severities."""
        self.severities = {k: int(v) for k, v in json.loads((Path(path) / CFG_FILE).read_text("utf-8")).items()}
        return self
