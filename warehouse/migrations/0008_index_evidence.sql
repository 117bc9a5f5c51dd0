-- 0008: the evidence of every index release. The hostile sentences of the flagged units a
-- release counted, as they read and were scored when it counted them (frozen months: as
-- the release they were frozen from had them), so the evidence published with a release
-- never changes after later loads, revisions or models (methodology §6.9 rdi_evidence).
create table index_evidence (
    release_id bigint not null,
    unit_id varchar not null,
    target varchar not null,
    sentence_idx integer not null,       -- 0-based sentence number within the unit
    statement_id varchar not null,
    url varchar not null,
    date date not null,                  -- the unit's date
    month date not null,                 -- first day of its month
    actor varchar not null,
    channel varchar not null,
    source varchar not null,
    tier varchar not null,
    speaker varchar,
    lang varchar not null,
    title varchar,
    question varchar,                    -- the reporter question the unit answers (never scored)
    sentence varchar not null,
    severity tinyint not null,
    severity_max tinyint not null,
    p_history float not null,
    p_territory float not null,
    p_nationalist float not null,
    p_conciliatory float not null,
    score double not null,               -- p_nationalist * max(p_history, p_territory)
    labels varchar not null,
    cues varchar,
    model_version varchar not null,
    primary key (release_id, unit_id, target, sentence_idx)
);

-- Rows of index_evidence written by the release; null for releases made before 0008,
-- whose evidence was not kept.
alter table index_releases add column evidence_rows integer;
