-- 0003: sentences and their scores from the framing tagger (brief contract 3).
-- Sentence boundaries come from the tagger's pipeline, so they are keyed by model_version.
create table sentences (
    unit_id varchar not null,
    model_version varchar not null,
    idx integer not null,                -- 0-based sentence number within the unit
    start_char integer not null,         -- offsets into units.text
    end_char integer not null,
    text varchar not null
);

create table sentence_scores (
    unit_id varchar not null,
    model_version varchar not null,
    idx integer not null,
    p_history float not null,
    p_territory float not null,
    p_nationalist float not null,
    p_conciliatory float not null,
    history boolean not null,            -- thresholded per label x language by the tagger
    territory boolean not null,
    nationalist boolean not null,
    conciliatory boolean not null,
    target varchar,                      -- JP KR US KP CN other, or null
    severity tinyint not null,           -- 0..3 (methodology §6.2)
    cues varchar[]
);

-- One row per unit scored under a model: what was scored (unit_hash) and when.
create table unit_scores (
    unit_id varchar not null,
    model_version varchar not null,
    unit_hash varchar not null,
    n_sentences integer not null,
    tagged_at timestamptz not null,
    primary key (unit_id, model_version)
);

-- One row per unit x target the unit mentions. hostile = nationalist and (history or
-- territory) toward the target in some sentence (brief contract 4).
create table unit_flags (
    unit_id varchar not null,
    model_version varchar not null,
    target varchar not null,
    n_sentences integer not null,        -- sentences with this target
    hostile boolean not null,
    severity_max tinyint not null,       -- over hostile sentences (0 if none)
    conciliatory boolean not null,       -- conciliatory history framing toward the target
    history boolean not null,
    territory boolean not null,
    nationalist boolean not null,
    score_max float not null,            -- max p_nationalist * max(p_history, p_territory)
    primary key (unit_id, model_version, target)
);
