-- 0002: utterance units (methodology §6.1) and relations between statements.
-- A unit is a statement without turns, or one official answer turn of a statement with
-- turns (unit_id = statement_id, or statement_id || '#t' || idx). Rebuilt on every load.
create table units (
    unit_id varchar primary key,
    statement_id varchar not null,
    turn_idx integer,                    -- null for whole-statement units
    source varchar not null,
    channel varchar not null,
    country varchar not null,
    tier varchar not null,
    lang varchar not null,
    speaker varchar,
    unit_date date,                      -- event_date, else the local date of published_at
    text varchar not null,
    context varchar,                     -- the preceding reporter question (Q&A turns)
    unit_hash varchar not null,          -- sha256 of lang, text and context: what the tagger saw
    eligible boolean not null,           -- counts in trends and the index
    excluded_reason varchar              -- translation | duplicate | undated | no_text | null
);

-- Translations and cross-site duplicates point at the original they must not replace.
create table statement_relations (
    statement_id varchar not null,       -- the translation / duplicate
    related_id varchar not null,         -- the original
    relation varchar not null,           -- translation_of | duplicate_of
    method varchar not null,             -- alt_url | canonical_url | content_hash | fuzzy_text
    score double,                        -- similarity for fuzzy matches, 0..100
    primary key (statement_id, related_id, relation)
);
