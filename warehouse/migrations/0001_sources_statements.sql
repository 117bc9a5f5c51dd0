-- 0001: publishers and what they said.
-- sources: one row per crawled source (== spider); channels: the index's "newspapers".
create table sources (
    source varchar primary key,          -- source id (crawlers/sources.toml id, spider name)
    channel varchar not null,            -- index channel fed by this source
    country varchar not null,            -- JP | KR | US, the government speaking
    office varchar,                      -- office shown to users
    tier varchar,                        -- leader | ministry
    lang varchar,                        -- ja | ko | en
    first_loaded_at timestamptz not null,
    last_loaded_at timestamptz not null
);

create table channels (
    channel varchar primary key,
    country varchar not null,
    tier varchar,
    first_loaded_at timestamptz not null
);

-- Every distinct text of a statement ever loaded: (statement_id, content_hash) is unique.
create table statement_versions (
    statement_id varchar not null,       -- "<source>:<site id>"
    version_no integer not null,         -- 1, 2, ... in order of loading
    content_hash varchar not null,       -- sha256 of normalised text + turns
    source varchar not null,
    channel varchar not null,
    country varchar not null,
    office varchar,
    tier varchar not null,
    lang varchar not null,
    title varchar,
    url varchar not null,
    text varchar not null,
    text_status varchar not null,
    speaker varchar,
    event_date date,                     -- date the words were spoken (publisher's local date)
    published_at timestamptz,
    published_date date,                 -- local date part of published_at as posted
    first_seen_at timestamptz,
    fetched_at timestamptz,
    canonical_url varchar,
    via varchar,
    doc_type varchar,
    is_translation boolean not null,
    alt_urls varchar[],
    turns json,                          -- the record's turns array as loaded
    extra json,
    staging_file varchar not null,       -- provenance: staging file and 1-based line
    staging_line integer not null,
    load_run_id bigint not null,
    loaded_at timestamptz not null,
    primary key (statement_id, version_no),
    unique (statement_id, content_hash)
);

-- The current version of each statement (latest fetched_at; ties: latest loaded).
create table statements (
    statement_id varchar primary key,
    version_no integer not null,
    n_versions integer not null,
    content_hash varchar not null,
    source varchar not null,
    channel varchar not null,
    country varchar not null,
    office varchar,
    tier varchar not null,
    lang varchar not null,
    title varchar,
    url varchar not null,
    text varchar not null,
    text_status varchar not null,
    speaker varchar,
    event_date date,
    published_at timestamptz,
    published_date date,
    first_seen_at timestamptz,
    fetched_at timestamptz,
    last_seen_at timestamptz,            -- latest fetch that saw this or any version
    canonical_url varchar,
    via varchar,
    doc_type varchar,
    is_translation boolean not null,
    alt_urls varchar[],
    extra json,
    loaded_at timestamptz not null
);

-- Speaker turns of the current version (reporters kept as context, never scored).
create table turns (
    statement_id varchar not null,
    idx integer not null,
    role varchar not null,               -- official | reporter | moderator
    speaker varchar,
    text varchar not null,
    primary key (statement_id, idx)
);
