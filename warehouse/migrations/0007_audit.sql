-- 0007: the human audit (methodology §6.6, issue 8): rounds, their stratified samples with
-- known inclusion probabilities, the coders' codings and the adjudications. Replaces the
-- 0004 placeholder table `audit`, which nothing ever filled. Final labels are derived by
-- the view audit_gold; error rates by pipeline/audit (never stored: recomputed from these).
drop table audit;

-- One audit round per quarter.
create table audit_rounds (
    audit_round varchar primary key,     -- the quarter, e.g. 2026Q3
    quarter_start date not null,
    quarter_end date not null,
    model_version varchar not null,      -- the tagger whose unit flags the round measures
    seed bigint not null,
    per_language integer not null,
    allocation json not null,            -- units asked per stratum and language, e.g. {"G": 60, "E": 60, "R": 30}
    simulated boolean not null,          -- true: coded by simulated coders (rdi demo); never feeds the index
    created_at timestamptz not null,
    notes varchar
);

-- Population and sample size of every stratum: what the inclusion probabilities rest on.
create table audit_strata (
    audit_round varchar not null,
    lang varchar not null,
    stratum varchar not null,            -- G machine-flagged | E unflagged, mentions a partner or a history/territory cue | R other
    population integer not null,         -- N_h: auditable units of the quarter in the stratum
    asked integer not null,              -- units the allocation asked for
    sampled integer not null,            -- n_h = min(asked, N_h)
    incl_prob double,                    -- n_h / N_h (null when N_h = 0)
    primary key (audit_round, lang, stratum)
);

-- The sampled units. A unit is audited at most once, ever (unit_id is the key).
create table audit_sample (
    unit_id varchar primary key,
    audit_round varchar not null,
    lang varchar not null,
    country varchar not null,            -- the speaking government (the index's actor)
    channel varchar not null,
    channel_type varchar not null,       -- the channel's tier: leader | ministry
    stratum varchar not null,
    incl_prob double not null,
    draw_rank integer not null,          -- order of the draw within the stratum (1 = first)
    machine_hostile boolean not null,    -- the tagger's unit flag when sampled; never shown to coders
    machine_target varchar,              -- target of its strongest hostile flag
    machine_severity tinyint not null
);

-- One coder's labels for one unit (codebook labels at unit level, see AUDIT.md).
create table audit_codings (
    audit_round varchar not null,
    unit_id varchar not null,
    coder varchar not null,
    history boolean not null,
    territory boolean not null,
    nationalist boolean not null,
    conciliatory boolean not null,
    target varchar,                      -- JP KR US KP CN other, or null
    severity tinyint not null,           -- 0..3
    note varchar,
    source_file varchar not null,        -- the packet file it was imported from
    source_row integer not null,         -- row (CSV) or task number (Label Studio) in that file
    imported_at timestamptz not null,
    primary key (unit_id, coder)
);

-- The third (senior) coder's final labels for units the coders disagreed on.
create table audit_adjudications (
    audit_round varchar not null,
    unit_id varchar primary key,
    adjudicator varchar not null,
    history boolean not null,
    territory boolean not null,
    nationalist boolean not null,
    conciliatory boolean not null,
    target varchar,
    severity tinyint not null,
    note varchar,
    source varchar not null,             -- file it came from, or 'cli'
    decided_at timestamptz not null
);

-- Krippendorff's alpha of the hostile flag behind each index row's error rates (null: the
-- rates did not come from a human audit).
alter table index_values add column audit_alpha double;
