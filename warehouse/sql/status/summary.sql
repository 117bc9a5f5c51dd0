-- One-row summary for `rdi status`. inputs: statements, quarantine, runs, units,
-- index_releases.
with last_load as (
    select run_id, started_at, details from runs
    where kind = 'load' and status = 'ok'
    order by run_id desc limit 1
),
latest_release as (
    select vintage, last_month from index_releases order by release_id desc limit 1
)
select
    (select count(*) from statements)::integer as statements,
    (select count(*) from quarantine)::integer as quarantined,
    (select run_id from last_load) as last_run,
    (select started_at from last_load) as last_started,
    (select details from last_load) as last_details,
    (select strftime(max(unit_date), '%Y-%m') from units where eligible) as latest_month,
    (select strftime(last_month, '%Y-%m') from latest_release) as latest_index_month,
    (select vintage from latest_release) as vintage
