-- 0004: run history, staged files, quarantine, the event calendar and the human audit.
create table runs (
    run_id bigint primary key,
    kind varchar not null,               -- crawl | load | tag | index | export
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,             -- ok | failed
    software_version varchar,
    details json                         -- counts and parameters of the run
);

-- Staging files already read: a file whose sha256 is unchanged is skipped next time.
create table load_files (
    path varchar primary key,            -- relative to the staging folder
    sha256 varchar not null,
    size_bytes bigint not null,
    n_lines integer not null,
    n_loaded integer not null,           -- records that were new or changed versions
    n_quarantined integer not null,
    complete boolean not null,           -- false if the last line was still being written
    run_id bigint not null,
    loaded_at timestamptz not null
);

-- Records that could not be loaded, with the reason and where they came from.
create table quarantine (
    staging_file varchar not null,
    line_no integer not null,
    raw_sha256 varchar not null,
    reason varchar not null,             -- invalid_utf8 | invalid_json | not_an_object | missing_field:F | bad_value:F
    raw varchar not null,                -- the line as read (invalid bytes escaped)
    run_id bigint not null,
    quarantined_at timestamptz not null,
    primary key (staging_file, line_no, raw_sha256)
);

-- The versioned event calendar (warehouse/events.csv), reloaded when the file changes.
create table events (
    event_id varchar primary key,
    kind varchar not null,               -- takeshima_day, march_first, yasukuni_spring, ...
    label varchar not null,
    actor varchar not null,              -- JP | KR | US | ALL: whose rhetoric it tends to move
    target varchar not null,             -- JP | KR | US | KP | CN | ALL
    start_date date not null,
    end_date date not null,
    recurrence varchar not null,         -- annual (month/day repeat every year) | once
    note varchar,
    calendar_version varchar not null    -- sha256 prefix of events.csv
);

-- Human audit of units (methodology §6.6); filled by the audit tooling (issue 8).
create table audit (
    unit_id varchar not null,
    audit_round varchar not null,        -- e.g. 2026Q3
    stratum varchar not null,            -- G | E | R
    incl_prob double not null,
    coder varchar not null,
    target varchar,
    flag boolean,
    frame varchar,
    severity tinyint,
    adjudicated boolean not null default false,
    coded_at timestamptz not null,
    primary key (unit_id, audit_round, coder)
);
