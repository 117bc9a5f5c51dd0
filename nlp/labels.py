"""Label, language and target vocabularies shared by the tagger, training and evaluation."""

from __future__ import annotations

LABELS: tuple[str, ...] = ("history", "territory", "nationalist", "conciliatory")
LANGS: tuple[str, ...] = ("en", "ja", "ko")
TARGETS: tuple[str, ...] = ("JP", "KR", "US", "KP", "CN", "other")
SEVERITIES: tuple[int, ...] = (0, 1, 2, 3)  # methodology §6.2: none, ritual regret, protest, threat
# The speaker's own country when the language fixes it (ja statements are Japan's, ko Korea's);
# English is spoken by all three governments, so it has none.
SELF_COUNTRY: dict[str, str | None] = {"en": None, "ja": "JP", "ko": "KR"}

CUES_KEY = "rdi_cues"
COUNTRIES_KEY = "rdi_countries"


def check_lang(lang: str) -> str:
    """Return ``lang`` if the tagger supports it, else raise a one-line ValueError."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(LANGS)})")
    return lang
