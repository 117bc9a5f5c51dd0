-- Per-source crawl state (crawlers/state.py). Idempotent: run on every open.
CREATE TABLE IF NOT EXISTS statements (
    statement_id    TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    version         INTEGER NOT NULL,
    text_status     TEXT NOT NULL,
    first_seen_at   TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    last_changed_at TEXT NOT NULL,
    next_visit_at   TEXT,
    visits          INTEGER NOT NULL DEFAULT 1,
    event_date      TEXT,
    speaker         TEXT,
    title           TEXT,
    lang            TEXT,
    sim_text        TEXT,
    alt_urls        TEXT
);
CREATE INDEX IF NOT EXISTS statements_event_date ON statements (event_date);

CREATE TABLE IF NOT EXISTS urls (
    url          TEXT PRIMARY KEY,
    statement_id TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id        TEXT PRIMARY KEY,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    finish_reason TEXT,
    stats         TEXT
);
