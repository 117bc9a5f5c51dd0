"""Reviewed lexicon files (``nlp/patterns/<label>.<lang>.jsonl``) and the span-ruler patterns built from them.

One JSON object per line is one *rule*::

    {"id": "takeshima", "label": "territory", "patterns": ["竹島", "たけしま"],
     "hit": "竹島は日本固有の領土である。", "miss": "竹下総理が演説した。", "severity": null}

``patterns`` are phrase variants (spelling, script, inflection), matched on whole tokens (``LOWER``
for English, ``ORTH`` for Japanese and Korean morphemes). ``hit`` and ``miss`` are a sentence the
rule must match and a near-miss it must not (tests/nlp/test_patterns.py checks both for every rule).
``severity`` (1 ritual regret, 2 protest/accusation/demand, 3 threat/ultimatum) is set on
``nationalist`` rules only. Target gazetteers (``target.<lang>.jsonl``) use a country code as label.

A trained model keeps a copy of the lexicons it was trained with (``models/framing/<version>/
patterns/``, see :func:`snapshot_lexicons`), and tagging with that model reads the copy: editing a
lexicon here changes the next model, never the scores of a model already stored.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.util import registry

from nlp.jsonl import json_lines
from nlp.labels import LABELS, LANGS, TARGETS
from nlp.model_files import PATTERN_DIR
from nlp.model_io import sha256_file
from nlp.text import tagger_text

TARGET_FILE = "target"


class PatternFileError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Rule:
    """One reviewed lexicon rule."""

    id: str
    label: str
    patterns: tuple[str, ...]
    hit: str
    miss: str
    severity: int | None = None


def _check_rule(obj: dict[str, Any], where: str, *, kind: str, lang: str) -> Rule:
    for key in ("id", "label", "patterns", "hit", "miss"):
        if key not in obj:
            raise PatternFileError(f"{where}: missing field {key!r}")
    allowed = TARGETS if kind == TARGET_FILE else (kind,)
    if obj["label"] not in allowed:
        raise PatternFileError(f"{where}: label {obj['label']!r} not in {allowed}")
    pats = obj["patterns"]
    if not isinstance(pats, list) or not pats or not all(isinstance(p, str) and p.strip() for p in pats):
        raise PatternFileError(f"{where}: 'patterns' must be a non-empty list of strings")
    sev = obj.get("severity")
    if kind == "nationalist" and sev not in (1, 2, 3):
        raise PatternFileError(f"{where}: nationalist rules need severity 1, 2 or 3")
    if kind != "nationalist" and sev is not None:
        raise PatternFileError(f"{where}: only nationalist rules carry a severity")
    # A phrase is matched in the text as the tagger reads it (nlp/text.py: NFKC, joining dashes as
    # "-"), so it is read the same way: a lexicon of an older model that lists "Korea–Japan" still
    # matches, once.
    read = tuple(dict.fromkeys(tagger_text(p, lang) for p in pats))
    return Rule(obj["id"], obj["label"], read, obj["hit"], obj["miss"], sev)


def lexicon_files(langs: Iterable[str] = LANGS, pattern_dir: Path = PATTERN_DIR) -> list[Path]:
    """The lexicon files of ``langs`` in ``pattern_dir`` (every label and the gazetteer), sorted."""
    return sorted(p for lang in langs for p in pattern_dir.glob(f"*.{lang}.jsonl"))


def snapshot_lexicons(dest: Path, langs: Iterable[str] = LANGS, pattern_dir: Path = PATTERN_DIR) -> dict[str, str]:
    """Copy the lexicons of ``langs`` into ``dest``; return ``{file name: sha256}`` of the copies."""
    dest.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for src in lexicon_files(langs, pattern_dir):
        shutil.copyfile(src, dest / src.name)
        hashes[src.name] = sha256_file(dest / src.name)
    return hashes


def _pattern_dir(pattern_dir: str | None) -> Path:
    return Path(pattern_dir) if pattern_dir else PATTERN_DIR


def read_rules(kind: str, lang: str, pattern_dir: Path = PATTERN_DIR) -> list[Rule]:
    """Read and validate ``<kind>.<lang>.jsonl`` (kind = a label or ``target``)."""
    path = pattern_dir / f"{kind}.{lang}.jsonl"
    if not path.is_file():
        raise PatternFileError(f"{path}: lexicon file not found")
    rules: list[Rule] = []
    seen: set[str] = set()
    for where, obj in json_lines(path, PatternFileError):
        rule = _check_rule(obj, where, kind=kind, lang=lang)
        if rule.id in seen:
            raise PatternFileError(f"{where}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def span_ruler_patterns(rules: list[Rule]) -> list[dict[str, Any]]:
    """Turn rules into ``span_ruler`` phrase patterns (label = rule label, id = rule id).

    A pattern written with a straight apostrophe ("Japan's", "People's Republic") also matches
    the typographic one (’) that official web pages mostly use. A lower-case pattern with a period
    ("u.s.") also gets an upper-case variant: the tokenizer keeps "U.S." whole (an exception) but
    splits "u.s." into "u.s" + ".", so only the upper-case form tokenizes like the text does.
    """
    out = []
    for r in rules:
        for p in r.patterns:
            variants = [p] + ([p.upper()] if "." in p and p == p.lower() else [])
            variants += [v.replace("'", "\u2019") for v in variants if "'" in v]
            out.extend({"label": r.label, "pattern": v, "id": r.id} for v in variants)
    return out


@registry.misc("rdi.cue_patterns.v1")
def cue_patterns(lang: str, labels: list[str] | None = None, pattern_dir: str | None = None) -> list[dict[str, Any]]:
    """Span-ruler patterns for the framing cues of ``lang`` (all four labels by default).

    ``pattern_dir`` (null in the configs) reads the lexicons from a model's copy instead of
    ``nlp/patterns/``; the same holds for the two functions below.
    """
    if lang not in LANGS:
        raise PatternFileError(f"no lexicon for language {lang!r}")
    chosen = labels if labels is not None else list(LABELS)
    where = _pattern_dir(pattern_dir)
    return [p for label in chosen for p in span_ruler_patterns(read_rules(label, lang, where))]


@registry.misc("rdi.target_patterns.v1")
def target_patterns(lang: str, pattern_dir: str | None = None) -> list[dict[str, Any]]:
    """Span-ruler patterns of the country gazetteer of ``lang`` (label = country code)."""
    return span_ruler_patterns(read_rules(TARGET_FILE, lang, _pattern_dir(pattern_dir)))


@registry.misc("rdi.cue_severities.v1")
def cue_severities(lang: str, pattern_dir: str | None = None) -> dict[str, int]:
    """Severity (1–3) of every nationalist rule of ``lang``, keyed by rule id."""
    return {r.id: int(r.severity or 0) for r in read_rules("nationalist", lang, _pattern_dir(pattern_dir))}
