"""The annotated corpus (``nlp/corpus/<lang>/part-*.jsonl``): reading, validation and the split.

The split is by statement group (``doc_id``), never by sentence, and depends on nothing but the
``doc_id`` string: ``sha256(doc_id)`` taken modulo 100 puts 0–69 in train, 70–84 in dev and 85–99
in test. Adding rows never moves an existing statement to another split.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nlp.jsonl import json_lines
from nlp.labels import LABELS, LANGS, SEVERITIES, TARGETS
from nlp.text import LIST_MARKER, tagger_text

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SPLITS = ("train", "dev", "test")
_BOUNDS = ((70, "train"), (85, "dev"), (100, "test"))


class CorpusError(ValueError):
    """A corpus or evaluation file is malformed; the message names the file and line."""


def split_of(doc_id: str) -> str:
    """Deterministic split of a statement group: train (70 %), dev (15 %) or test (15 %)."""
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return next(name for bound, name in _BOUNDS if bucket < bound)


def check_labels(row: dict[str, Any], where: str) -> None:
    """Check the four labels (0/1) and the target (a code of ``TARGETS`` or null) of a labelled row."""
    for label in LABELS:
        if row.get(label) not in (0, 1, True, False):
            raise CorpusError(f"{where}: {label!r} must be 0 or 1")
    if row.get("target") is not None and row["target"] not in TARGETS:
        raise CorpusError(f"{where}: target {row['target']!r} not in {TARGETS}")


# Spellings an outside evaluation file may use for a language or a target, beyond the codes
# themselves (matched case-insensitively): ISO 639-2 and region-tagged languages, ISO 3166 alpha-3
# countries, and the usual English abbreviations.
_LANG_ALIASES = {"jpn": "ja", "jp": "ja", "kor": "ko", "kr": "ko", "eng": "en"}
_TARGET_ALIASES = {"jpn": "JP", "kor": "KR", "rok": "KR", "usa": "US", "prk": "KP", "dprk": "KP", "chn": "CN",
                   "prc": "CN"}
_NULL_SPELLINGS = ("", "null", "none", "n/a", "na")  # no target, no severity
_TARGET_SPELLINGS = {code.lower(): code for code in TARGETS} | _TARGET_ALIASES
# Provenance under other names: the source URL (only a web address counts) and its date.
_PROVENANCE_ALIASES = {"source_url": ("url", "source", "link", "provenance"), "source_date": ("date",),
                       "doc_id": ("statement_id", "document_id")}
# A speaker's label in front of a row's text, as a transcript page prints it: "SECRETARY RUBIO:  ",
# "MR. PIGOTT: ", "THE PRESIDENT: ", "Q: "; 【岩屋外務大臣】, 林官房長官：, （岩屋大臣）,
# （答）, a Diet record's "○林国務大臣　"; <답변>, 대변인 : , 이재웅 대변인: . Crawled units are split into turns by the crawlers, so production text
# never holds one and no corpus row matches; the tagger read it as part of the sentence (a name it
# guesses the speaker or the target from). An English label is a title in capitals (and a name)
# and a colon: a heading in capitals ("ADDRESSING TRADE IMBALANCES: ") starts with no title and
# stays, and so does "Secretary Tillerson: …", which the corpus holds as posts are written.
_EN_TITLES = ("MR|MRS|MS|DR|SECRETARY|PRESIDENT|VICE PRESIDENT|VICE (?:FOREIGN )?MINISTER|PRIME MINISTER|MINISTER|"
              "FOREIGN MINISTER|DEFEN[CS]E (?:SECRETARY|MINISTER)|AMBASSADOR|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|"
              "DEPUTY|ASSISTANT SECRETARY|UNDER SECRETARY|SENIOR (?:[A-Z]+ )*OFFICIAL|ADMINISTRATION OFFICIAL|"
              "MODERATOR|GENERAL|ADMIRAL|CHAIRMAN|COORDINATOR|A/S|DAS|PDAS|CHIEF CABINET SECRETARY|GOVERNOR|"
              "SENATOR|PRESS SECRETARY|ACTING|SPECIAL (?:ENVOY|REPRESENTATIVE)|NATIONAL SECURITY ADVIS[EO]R|"
              "DIRECTOR|ENVOY|PARTICIPANT|INTERPRETER")
_JA_TITLES = "大臣|長官|総理|首相|報道官|政務官|大使|次官|局長|審議官|知事|大統領"
# A Diet record's speaker (kokkai.ndl.go.jp): "○林国務大臣　", "○政府参考人（船越健裕君）　", "○岡田委員長　".
_JA_DIET_TITLES = "国務大臣|副大臣|委員長|委員|参考人|議長|理事"
_KO_TITLES = "대변인|장관|차관|대통령|총리|대사|국장|실장|비서관|수석|외교부"
_SPEAKER_LABEL = {
    "en": re.compile(rf"\s*(?:(?:THE )?(?:{_EN_TITLES})\b\.?(?:[ \-][A-Z][A-Z.'’/\-]*){{0,5}}|Q|A|QUESTION|ANSWER)"
                     rf"[ \t]*:\s+"),
    "ja": re.compile(rf"\s*(?:【[^】\n]{{1,30}}】|[(（](?:答|問|回答|答弁)[)）]"
                     rf"|[○◯][^\s○◯。、「」]{{1,30}}?(?:{_JA_TITLES}|{_JA_DIET_TITLES}|君)[)）]?(?=\s)"
                     rf"|[(（]?[^\s、。「」『』()（）【】:：]{{0,20}}?(?:{_JA_TITLES})[:：)）])\s*"),
    "ko": re.compile(rf"\s*(?:<(?:답변|질문|답|문)>|\[(?:답변|질문|답|문)\]|[(（](?:답변|답|문)[)）]"
                     rf"|(?:답변|(?:[가-힣]{{2,4}} ?)?(?:{_KO_TITLES}))\s*[:：])\s*"),
}
# What a transcript prints around a turn that nobody said: a note that an interpreter speaks, in
# front ("(Via interpreter) ", （通訳）, (통역)), and the audience's reaction after the last sentence
# ("(Applause.)", （拍手）, (박수)). Two corpus rows start with "(Via interpreter)"; the reactions in
# corpus rows ("— (laughter) —") stand inside the sentence and are not touched.
_INTERPRETED = re.compile(r"\s*[(（](?i:via interpreter|as interpreted|through (?:an )?interpreter|interpreted"
                          r"|interpretation|通訳|통역)\.?[)）]\s*")
_REACTION = re.compile(r"(?:\s*[(（](?i:applause|laughter|laughs|cheers|拍手|笑い?|박수|웃음)\.?[)）])+\s*$")
# A footnote reference after the sentence, as a page's superscript copies: "[1]", "(注1)", "（注2）".
_FOOTNOTE_REF = re.compile(r"(?:\s*(?:\[[0-9]{1,3}\]|[(（]注[0-9０-９]{0,2}[)）]))+\s*$")
# Labels written as text (a spreadsheet export): "1"/"0", "true"/"false", "yes"/"no".
_LABEL_SPELLINGS = {"1": 1, "0": 0, "true": 1, "false": 0, "yes": 1, "no": 0}


def normalise_row(row: Any) -> Any:
    """An outside file's row with its language and target spelled as the tagger's codes.

    ``"ja-JP"``, ``"JA"`` and ``"jpn"`` become ``"ja"``; ``"jp"``, ``"JPN"`` and ``"dprk"`` become
    ``"JP"``, ``"JP"`` and ``"KP"``; ``""``, ``"null"`` and ``"none"`` become null. Labels and a
    severity written as text (``"1"``, ``"true"``, ``"no"``; ``"2"``) become numbers. What groups
    rows into statements (:func:`statement_key`) may come under other names: a web address in
    ``url``, ``source``, ``link`` or ``provenance`` (or ``{"source": {"url": …, "date": …}}``)
    becomes ``source_url``, a ``date`` becomes ``source_date``, and a ``statement_id`` or
    ``document_id`` becomes ``doc_id``. A list marker in front of the text (``"1. "``, ``"(2)"``,
    ``"・"``, ``"- "``, ``"①"``) is dropped, as the corpus drops list numbering, and so is a
    speaker's label that a transcript prints before a turn (``"SECRETARY RUBIO: "``,
    ``"【岩屋外務大臣】"``, ``"<답변> "``), which the crawlers keep apart from the text, a note that
    an interpreter speaks (``"(Via interpreter) "``), and the audience's reaction and a footnote
    reference after the sentence (``" (Applause.)"``, ``"（拍手）"``, ``"[1]"``). (A gloss after a word,
    ``"독도(獨島)"``, is read away by :mod:`nlp.text` for every text, not here.) Anything else
    (``"Japan"``, ``"maybe"``) is left for :func:`check_row` to reject, naming the line.
    """
    if not isinstance(row, dict):
        return row
    out = dict(row)
    lang = out.get("lang")
    if isinstance(lang, str):
        key = lang.strip().lower().replace("_", "-").split("-", 1)[0]
        out["lang"] = key if key in LANGS else _LANG_ALIASES.get(key, lang)
    target = out.get("target")
    if isinstance(target, str):
        key = target.strip().lower()
        out["target"] = None if key in _NULL_SPELLINGS else _TARGET_SPELLINGS.get(key, target)
    text = out.get("text")
    if isinstance(text, str) and (marker := LIST_MARKER.match(text)) and text[marker.end():].strip():
        out["text"] = text = text[marker.end():]
    label = _SPEAKER_LABEL.get(out["lang"]) if isinstance(out.get("lang"), str) else None
    if isinstance(text, str) and label is not None and (m := label.match(text)) and text[m.end():].strip():
        out["text"] = text = text[m.end():]
    if isinstance(text, str) and (m := _INTERPRETED.match(text)) and text[m.end():].strip():
        out["text"] = text = text[m.end():]
    for after in (_FOOTNOTE_REF, _REACTION, _FOOTNOTE_REF):
        if isinstance(text, str) and (m := after.search(text)) and text[:m.start()].strip():
            out["text"] = text = text[:m.start()]
    for label in LABELS:
        value = out.get(label)
        if isinstance(value, str):
            out[label] = _LABEL_SPELLINGS.get(value.strip().lower(), value)
    severity = out.get("severity")
    if isinstance(severity, str):
        key = severity.strip().lower()
        out["severity"] = None if key in _NULL_SPELLINGS else (int(key) if key.isdecimal() else severity)
    nested = out.get("source") if isinstance(out.get("source"), dict) else {}  # {"source": {"url": …, "date": …}}
    for field, aliases in _PROVENANCE_ALIASES.items():
        if not out.get(field):
            found = [out.get(a) for a in aliases] + [nested.get(field.removeprefix("source_"))]
            spelled = next((str(v) for v in found
                            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()), None)
            web = spelled is not None and spelled.strip().lower().startswith(("http://", "https://"))
            if spelled is not None and (field != "source_url" or web):
                out[field] = spelled.strip()
    return out


# Text that may read as nothing (white space, zero-width characters, character references such as
# "&nbsp;"); only such text is read through nlp.text to be sure, which keeps the corpus load fast.
_MAYBE_BLANK = re.compile(r"(?:[\s\u200b\u200c\u200d\u2060\ufeff]|&#?\w+;)*")


def check_row(row: Any, where: str, *, require_doc_id: bool = False) -> dict[str, Any]:
    """Validate one labelled row (the fields ``rdi evaluate`` needs); return it.

    A text that reads as nothing (``nlp.text``: only zero-width characters or ``&nbsp;``) is an
    error like an empty one: the tagger would see no sentence and score the row as all-negative."""
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    for key in ("text", "lang", *LABELS):
        if key not in row:
            raise CorpusError(f"{where}: missing field {key!r}")
    if not isinstance(row["text"], str) or not row["text"].strip():
        raise CorpusError(f"{where}: 'text' must be a non-empty string")
    if row["lang"] not in LANGS:
        raise CorpusError(f"{where}: unsupported lang {row['lang']!r}")
    if _MAYBE_BLANK.fullmatch(row["text"]) and not tagger_text(row["text"], row["lang"]):
        raise CorpusError(f"{where}: 'text' is empty as the tagger reads it ({row['text']!r})")
    check_labels(row, where)
    if row.get("severity") is not None and (isinstance(row["severity"], bool) or row["severity"] not in SEVERITIES):
        raise CorpusError(f"{where}: severity {row['severity']!r} must be 0, 1, 2, 3 or null")
    for key in ("speaker", "context", "source_url"):
        if row.get(key) is not None and not isinstance(row[key], str):
            raise CorpusError(f"{where}: {key!r} must be a string or null")
    if row.get("source_url"):
        try:
            urlsplit(row["source_url"].strip())
        except ValueError as exc:
            raise CorpusError(f"{where}: source_url {row['source_url']!r} is not a URL ({exc})") from None
    if require_doc_id and not row.get("doc_id"):
        raise CorpusError(f"{where}: missing 'doc_id'")
    return row


# Letters of each language's script (Japanese: kana and kanji; Korean: Hangul), and kana alone.
_SCRIPT = {"en": re.compile(r"[A-Za-z]"), "ja": re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"),
           "ko": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")}
_KANA = re.compile(r"[\u3040-\u30ff]")


def other_language(row: dict[str, Any]) -> bool:
    """Whether a row's text is plainly not written in its ``lang``: an ``en`` row with more Japanese
    or Korean letters than Latin ones, a ``ja`` row without kana or kanji or with more Hangul than
    them, a ``ko`` row without Hangul or with more kana than Hangul. The corpus has four such rows
    on purpose (a greeting in Korean inside an English speech), so this warns, it does not refuse."""
    text, lang = row["text"], row["lang"]
    own = len(_SCRIPT[lang].findall(text))
    if lang == "en":
        return len(_SCRIPT["ja"].findall(text)) + len(_SCRIPT["ko"].findall(text)) > own
    other = len(_SCRIPT["ko"].findall(text)) if lang == "ja" else len(_KANA.findall(text))
    return own == 0 or other > own


def read_jsonl(path: Path, *, require_doc_id: bool = False, lenient: bool = False,
               warn: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Read and validate a JSONL file of labelled rows (UTF-8, with or without a byte-order mark).

    ``lenient`` (outside evaluation files) first maps other spellings of a language or target to
    the tagger's codes (:func:`normalise_row`); the corpus itself must use the codes. ``warn`` is
    given ``"<file>:<line>: …"`` for each row whose text is not in its language (:func:`other_language`).
    """
    prepare = normalise_row if lenient else (lambda row: row)
    rows = []
    for where, obj in json_lines(path, CorpusError):
        row = check_row(prepare(obj), where, require_doc_id=require_doc_id)
        if warn is not None and other_language(row):
            warn(f"{where}: the text is not in lang {row['lang']!r}")
        rows.append(row)
    return rows


def corpus_files(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    """All part files of the corpus, in a stable order."""
    return sorted(corpus_dir.glob("*/part-*.jsonl"))


def load_corpus(corpus_dir: Path = CORPUS_DIR, langs: Iterable[str] = LANGS) -> list[dict[str, Any]]:
    """Read every part file (validated), each row tagged with its ``split``."""
    wanted = set(langs)
    rows: list[dict[str, Any]] = []
    for path in corpus_files(corpus_dir):
        for row in read_jsonl(path, require_doc_id=True):
            if row["lang"] in wanted:
                rows.append({**row, "split": split_of(row["doc_id"])})
    if not rows:
        raise CorpusError(f"{corpus_dir}: no corpus rows found (expected <lang>/part-*.jsonl)")
    return rows


_UNIT_IDS: dict[tuple[tuple[str, int, int], ...], frozenset[str]] = {}


def corpus_unit_ids(corpus_dir: Path = CORPUS_DIR) -> frozenset[str]:
    """The warehouse unit ids the corpus's rows name (their optional ``unit_id``), read without
    validating every row: only lines that can hold the key are parsed (the corpus is 100 MB). The
    answer is kept for the process until a part file is added, removed or changed."""
    files = corpus_files(corpus_dir)
    key = tuple((p.as_posix(), (st := p.stat()).st_size, st.st_mtime_ns) for p in files)
    if key not in _UNIT_IDS:
        ids: set[str] = set()
        for path in files:
            for _, obj in json_lines(path, CorpusError, only_with="unit_id"):
                if isinstance(obj, dict) and obj.get("unit_id"):
                    ids.add(str(obj["unit_id"]))
        _UNIT_IDS.clear()
        _UNIT_IDS[key] = frozenset(ids)
    return _UNIT_IDS[key]


def data_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the contents of the given files (names sorted), identifying a data snapshot."""
    h = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.as_posix()):
        h.update(path.parent.name.encode() + b"/" + path.name.encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def split_table(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """``doc_id -> split`` for the statement groups in ``rows`` (recorded with each model)."""
    return {row["doc_id"]: row["split"] for row in sorted(rows, key=lambda r: r["doc_id"])}


EVAL_FIELDS = ("text", "lang", *LABELS, "target", "severity")


def text_only(row: dict[str, Any]) -> dict[str, Any]:
    """The row as an external evaluation file carries it: text, lang, labels, target (no speaker,
    source, statement id or reporter's question), so the speaker and context cannot help."""
    return {k: row[k] for k in EVAL_FIELDS if k in row}


SOURCE_FIELDS = ("source_url", "source_date")


def text_with_source(row: dict[str, Any]) -> dict[str, Any]:
    """:func:`text_only` plus the row's provenance (source URL and date), as an outside evaluation
    file whose rows say where they come from carries it: the source gives the speaker's country
    and groups the rows into statements (:func:`statement_key`); still no speaker text, statement
    id or reporter's question."""
    return text_only(row) | {k: row[k] for k in SOURCE_FIELDS if row.get(k)}


# More rows than this under one source URL and date are not one statement (the corpus's longest
# page of one day holds 234 rows): a listing page, a dataset file or a placeholder address.
MAX_SOURCE_STATEMENT_ROWS = 400


def statement_key(row: dict[str, Any]) -> str | None:
    """The statement a labelled row belongs to, read from the row alone: its ``doc_id``; else, for a
    row that carries its provenance, its source URL and date; else None.

    An outside evaluation file rarely has statement ids, but the provenance its rows must carry
    (a source URL and date) says which sentences were said together: one page of one day is one
    statement. The date keeps apart the statements of a page that collects many (a monthly
    archive file, a dataset). A site's bare address (no path) names no statement.
    """
    if row.get("doc_id"):
        return str(row["doc_id"])
    url = row.get("source_url")
    if not isinstance(url, str) or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.path.strip("/") == "" and not parts.query:
        return None
    return f"{url.strip()} @ {row.get('source_date') or ''}"


def statement_keys(rows: list[dict[str, Any]]) -> list[str | None]:
    """:func:`statement_key` of each row, except that a source URL and date shared by more than
    ``MAX_SOURCE_STATEMENT_ROWS`` rows of a language groups nothing (a ``doc_id`` always does)."""
    keys = [statement_key(r) for r in rows]
    sizes = Counter((r["lang"], k) for r, k in zip(rows, keys, strict=True) if k and not r.get("doc_id"))
    return [None if k and not r.get("doc_id") and sizes[(r["lang"], k)] > MAX_SOURCE_STATEMENT_ROWS else k
            for r, k in zip(rows, keys, strict=True)]


def unit_contexts(rows: list[dict[str, Any]], window: int = 3) -> list[str | None]:
    """Context for scoring each row as production scores a unit's later sentences.

    A row's own ``context`` (the reporter's question) if it has one; otherwise the text of up to
    ``window`` preceding rows of the same statement (:func:`statement_keys`, file order), which is
    where an anaphoric sentence ("the two countries", "this claim") takes its target from.
    """
    previous: dict[tuple[str, str], list[str]] = {}
    out: list[str | None] = []
    for row, key in zip(rows, statement_keys(rows), strict=True):
        if row.get("context"):
            out.append(row["context"])
        else:
            before = previous.get((row["lang"], key), [])[-window:] if key else []
            out.append(" ".join(before) or None)
        if key:
            previous.setdefault((row["lang"], key), []).append(row["text"])
    return out
