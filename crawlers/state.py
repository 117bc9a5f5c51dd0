"""Per-source crawl state (stdlib sqlite3 in ``<home>/state/<source>.sqlite``; never the warehouse).

It remembers, per statement: the content hash and version, first/last seen, text status, the
next revisit time and a short normalised text for duplicate/pair checks; per URL: which
statement it holds. The version pipeline writes it; the base spider reads it to skip detail
pages that are known and not due for a revisit; other sources' stores are opened read-only by
the duplicate and pairing pipelines. Without a state directory (``rdi parse``) it lives in memory.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawlers.items import TEXT_PENDING

SCHEMA = Path(__file__).with_name("state.sql")
_STORES: weakref.WeakKeyDictionary[Any, StateStore] = weakref.WeakKeyDictionary()
#: How long a pending (text to come) statement keeps being revisited after its last age.
PENDING_HORIZON = timedelta(days=60)


#: SQLite result codes of a file that cannot be read or written (disk full, a file-size limit,
#: a read-only or damaged file), as opposed to a busy database or a bad statement.
_FILE_ERRORS = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY,
                sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
#: ... and of a database another process holds locked past the busy timeout: named the same way.
_NAMED_ERRORS = _FILE_ERRORS | {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class StateFileError(sqlite3.OperationalError):
    """A state database (or its ``-wal``/``-shm`` file) could not be read or written, or stayed
    locked by another process; names it."""


class _Connection(sqlite3.Connection):
    """A connection whose file and lock errors name the database file (``disk I/O error`` or
    ``database is locked`` alone does not)."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self.path = database.removeprefix("file:").split("?", 1)[0]

    def _name_file(self, exc: sqlite3.DatabaseError) -> None:
        """Raise a file error again as a :class:`StateFileError` naming the file."""
        code = getattr(exc, "sqlite_errorcode", 0)
        if code & 0xFF in _NAMED_ERRORS and not isinstance(exc, StateFileError):
            named = StateFileError(f"state database {self.path}: {exc}")
            named.sqlite_errorcode, named.sqlite_errorname = code, getattr(exc, "sqlite_errorname", None)
            raise named from exc

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            self._name_file(exc)
            raise

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(sql_script)
        except sqlite3.DatabaseError as exc:
            self._name_file(exc)
            raise


@dataclass(frozen=True)
class Seen:
    """What the store knows about one statement."""

    statement_id: str
    content_hash: str
    version: int
    first_seen_at: str
    text_status: str
    next_visit_at: str | None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _parse(ts: str | None) -> datetime | None:
    return datetime.fromisoformat(ts) if ts else None


class StateStore:
    """One source's state; ``path=None`` keeps it in memory; ``timeout``: seconds to wait for a lock."""

    def __init__(self, path: Path | None, revisit: Iterable[int] = (21600, 86400, 604800), now: str | None = None,
                 timeout: float = 30) -> None:
        self.path = path
        self._fixed_now = datetime.fromisoformat(now).astimezone(UTC) if now else None
        self.revisit = sorted(revisit)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path) if path else ":memory:", timeout=timeout, isolation_level=None,
                                  factory=_Connection)
        self.db.row_factory = sqlite3.Row
        if path is not None:
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit survives a killed process (not a power cut), at a
            # fraction of the cost of an fsync per statement.
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA.read_text("utf-8"))
        self.db.execute("BEGIN")

    def now(self) -> datetime:
        """The store's clock: UTC now, or the fixed ``RDI_NOW`` (tests, replays)."""
        return self._fixed_now or _now()

    # --- reads -----------------------------------------------------------------------------
    def seen(self, statement_id: str) -> Seen | None:
        """The stored record of a statement, if any."""
        row = self.db.execute(
            "SELECT statement_id, content_hash, version, first_seen_at, text_status, next_visit_at "
            "FROM statements WHERE statement_id = ?",
            (statement_id,),
        ).fetchone()
        return Seen(*row) if row else None

    def statement_for_url(self, url: str) -> Seen | None:
        """The statement last read from ``url``, if any."""
        row = self.db.execute("SELECT statement_id FROM urls WHERE url = ?", (url,)).fetchone()
        return self.seen(row[0]) if row else None

    def due(self, url: str, now: datetime | None = None) -> bool:
        """True if ``url`` is unknown or its statement is due for a revisit."""
        known = self.statement_for_url(url)
        if known is None:
            return True
        nxt = _parse(known.next_visit_at)
        return nxt is not None and nxt <= (now or self.now())

    def completed_runs(self) -> int:
        """Number of runs that finished normally."""
        return self.db.execute("SELECT count(*) FROM runs WHERE finish_reason = 'finished'").fetchone()[0]

    def last_success(self) -> datetime | None:
        """Start time of the last normally finished run."""
        row = self.db.execute(
            "SELECT max(started_at) FROM runs WHERE finish_reason = 'finished'"
        ).fetchone()
        return _parse(row[0]) if row and row[0] else None

    def feed_text_medians(self, run_id: str, limit: int, min_items: int) -> list[float]:
        """Median feed-text lengths of the latest ``limit`` earlier runs whose feed check passed
        with at least ``min_items`` feed statements (newest first; see :mod:`crawlers.feed_text`)."""
        rows = self.db.execute(
            "SELECT json_extract(stats, '$.feed_text.median_chars') FROM runs"
            " WHERE run_id <> ? AND json_valid(stats)"
            " AND json_extract(stats, '$.feed_text.items') >= ?"
            " AND json_extract(stats, '$.feed_text.problem') IS NULL"
            " ORDER BY started_at DESC LIMIT ?",
            (run_id, min_items, limit),
        ).fetchall()
        return [float(r[0]) for r in rows if r[0] is not None]

    def near(self, event_date: str, days: int) -> list[sqlite3.Row]:
        """Statements whose event date is within ``days`` of ``event_date``."""
        return self.db.execute(
            "SELECT statement_id, url, event_date, speaker, title, sim_text, lang, alt_urls "
            "FROM statements WHERE event_date BETWEEN date(?, ?) AND date(?, ?)",
            (event_date, f"-{days} day", event_date, f"+{days} day"),
        ).fetchall()

    def by_url(self, urls: Iterable[str]) -> list[sqlite3.Row]:
        """Statements read from any of ``urls``."""
        urls = list(urls)
        if not urls:
            return []
        q = ",".join("?" * len(urls))
        return self.db.execute(
            f"SELECT s.statement_id, s.url FROM urls u JOIN statements s USING (statement_id) WHERE u.url IN ({q})",
            urls,
        ).fetchall()

    # --- writes ----------------------------------------------------------------------------
    def next_visit(self, first_seen: datetime, now: datetime, text_status: str) -> datetime | None:
        """Next revisit: the first revisit age after ``now``; pending text keeps being revisited."""
        for age in self.revisit:
            at = first_seen + timedelta(seconds=age)
            if at > now:
                return at
        if text_status == TEXT_PENDING and now - first_seen < PENDING_HORIZON:
            return now + timedelta(seconds=self.revisit[-1] if self.revisit else 86400)
        return None

    def record(self, item: dict[str, Any], now: datetime | None = None) -> tuple[str, int, str]:
        """Store a fetched statement; return (status new|updated|unchanged, version, first_seen_at)."""
        now = now or self.now()
        sid = item["statement_id"]
        old = self.seen(sid)
        first = _parse(old.first_seen_at) if old else now
        status_text = item.get("text_status") or "full"
        nxt = self.next_visit(first, now, status_text)
        if old is None:
            status, version = "new", 1
        elif old.content_hash == item["content_hash"]:
            status, version = "unchanged", old.version
        else:
            status, version = "updated", old.version + 1
        if status == "unchanged":
            self.db.execute(
                "UPDATE statements SET last_seen_at = ?, next_visit_at = ?, visits = visits + 1 WHERE statement_id = ?",
                (now.isoformat(), nxt.isoformat() if nxt else None, sid),
            )
        else:
            self.db.execute(
                "INSERT INTO statements (statement_id, url, content_hash, version, text_status, first_seen_at,"
                " last_seen_at, last_changed_at, next_visit_at, visits, event_date, speaker, title, lang,"
                " sim_text, alt_urls) VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?)"
                " ON CONFLICT(statement_id) DO UPDATE SET url=excluded.url, content_hash=excluded.content_hash,"
                " version=excluded.version, text_status=excluded.text_status, last_seen_at=excluded.last_seen_at,"
                " last_changed_at=excluded.last_changed_at, next_visit_at=excluded.next_visit_at,"
                " visits=visits+1, event_date=excluded.event_date, speaker=excluded.speaker,"
                " title=excluded.title, sim_text=excluded.sim_text, alt_urls=excluded.alt_urls",
                (
                    sid, item["url"], item["content_hash"], version, status_text, first.isoformat(),
                    now.isoformat(), now.isoformat(), nxt.isoformat() if nxt else None,
                    item.get("event_date"), item.get("speaker"), item.get("title"), item.get("lang"),
                    (item.get("text") or "")[:4000], "\n".join(item.get("alt_urls") or []),
                ),
            )
        for url in {item["url"], item.get("canonical_url") or item["url"], *(item.get("extra", {}).get("request_urls") or [])}:
            self.db.execute("INSERT OR REPLACE INTO urls (url, statement_id) VALUES (?, ?)", (url, sid))
        return status, version, first.isoformat()

    def start_run(self, run_id: str, started_at: str) -> None:
        """Note the start of a run."""
        self.db.execute("INSERT OR REPLACE INTO runs (run_id, started_at) VALUES (?, ?)", (run_id, started_at))
        self.commit()

    def finish_run(self, run_id: str, finish_reason: str, stats: str) -> None:
        """Note how a run ended (with its stats as JSON)."""
        self.db.execute(
            "UPDATE runs SET finished_at = ?, finish_reason = ?, stats = ? WHERE run_id = ?",
            (self.now().isoformat(), finish_reason, stats, run_id),
        )
        self.commit()

    def commit(self) -> None:
        """Make everything recorded so far durable."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def rollback(self) -> None:
        """Forget everything recorded since the last commit."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.execute("BEGIN")

    def close(self) -> None:
        """Commit and close."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()


def state_path(state_dir: str | Path | None, source: str) -> Path | None:
    """Where a source's store lives (None = in memory)."""
    return Path(state_dir) / f"{source}.sqlite" if state_dir else None


def state_for(crawler: Any, source: str, revisit: Iterable[int] = (21600, 86400, 604800)) -> StateStore:
    """The one store of this crawler (opened on first use, shared by spider and pipelines)."""
    store = _STORES.get(crawler)
    if store is None:
        store = StateStore(state_path(crawler.settings.get("RDI_STATE_DIR"), source), revisit,
                           now=crawler.settings.get("RDI_NOW") or None)
        _STORES[crawler] = store
    return store


def open_readonly(state_dir: str | Path | None, source: str) -> sqlite3.Connection | None:
    """Another source's store, read-only (None if it has none yet)."""
    path = state_path(state_dir, source)
    if path is None or not path.is_file():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, factory=_Connection)
    db.row_factory = sqlite3.Row
    return db
