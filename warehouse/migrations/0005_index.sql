-- 0005: the RDI: vintages with their frozen parameters, and every computed release.
create table vintages (
    vintage varchar primary key,         -- e.g. 20261103-3fa2c9
    key_sha256 varchar not null,         -- of the method, model and parameters that define it
    method_version varchar not null,     -- rdi-v1
    model_version varchar not null,
    codebook_version varchar,
    base_start date not null,
    base_end date not null,
    base_note varchar,                   -- why the base differs from the configured one, if it does
    params json not null,
    created_at timestamptz not null
);

-- Frozen per vintage: the Beta prior of each actor x channel x target and the channel's
-- base-period SD of p-hat used for scaling (methodology §6.3 steps 1 and 4).
create table vintage_channel_params (
    vintage varchar not null,
    actor varchar not null,
    channel varchar not null,
    target varchar not null,
    lang varchar not null,               -- language whose error rates correct this channel
    alpha double not null,
    beta double not null,
    prior_months integer not null,       -- monthly rates the prior was fitted on
    sd_base double,                      -- null: no base-period variation, channel not scaled
    primary key (vintage, actor, channel, target)
);

-- Frozen per vintage: base-period means that make HHR = 100 (methodology §6.4).
create table vintage_series_params (
    vintage varchar not null,
    actor varchar not null,
    target varchar not null,             -- a target, or ALL
    series varchar not null,             -- hhr | leader | ministry | intensity | conditional
    base_mean double,
    primary key (vintage, actor, target, series)
);

-- One row per `rdi index` run.
create table index_releases (
    release_id bigint primary key,
    run_id bigint not null,
    vintage varchar not null,
    model_version varchar not null,
    computed_at timestamptz not null,
    first_month date,
    last_month date,
    draws integer not null,
    seed bigint not null,
    error_rates json not null,           -- Se/Sp source and Beta parameters per language
    notes varchar
);

-- Index values per release (the columns of methodology §6.9 that are implemented).
create table index_values (
    release_id bigint not null,
    month date not null,
    actor varchar not null,
    target varchar not null,             -- a target, or ALL
    rdi double, rdi_lo90 double, rdi_hi90 double,
    rdi_capped boolean,
    hhr double, hhr_lo90 double, hhr_hi90 double,
    share_raw double,
    share_adj double, share_adj_lo90 double, share_adj_hi90 double,
    n_units integer, n_units_target integer, n_flagged integer,
    n_channels integer, channels_missing varchar,
    shrink_weight double, low_n boolean,
    hhr_intensity double, hhr_leader double, hhr_ministry double,
    conc_share double, hhr_conditional double,
    expected_hhr double, hhr_calendar_adj double, excess_log double,
    alert boolean, alert_reason varchar,
    audit_se double, audit_sp double,
    notes varchar,
    primary key (release_id, month, actor, target)
);

create table index_channel_values (
    release_id bigint not null,
    month date not null,
    actor varchar not null,
    channel varchar not null,
    target varchar not null,
    n_units integer not null,
    n_flagged integer not null,
    shrink_weight double,
    q_hat double,                        -- shrunk observed flag rate (posterior median)
    p_hat double, p_lo90 double, p_hi90 double,  -- corrected share (median, 5th, 95th)
    scaled double,                       -- p_hat / sd_base
    primary key (release_id, month, actor, channel, target)
);
