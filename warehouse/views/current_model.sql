-- The model whose scores the trend views and the index use: the one covering the most
-- eligible units as they read now (ties: the most recently tagged, by its scores or by an
-- `rdi tag` run of that model that found nothing left to score, so tagging with model A,
-- then B, then A again makes A current).
-- grain: one row. inputs: model_scored_units, runs.
create or replace view current_model as
with coverage as (
    select model_version, count(*) as n_units, max(tagged_at) as last_tagged
    from model_scored_units
    group by 1
),
tag_runs as (
    select json_extract_string(details, '$.model_version') as model_version,
        max(finished_at) as last_run
    from runs
    where kind = 'tag' and status = 'ok'
    group by 1
),
final as (
    select model_version
    from coverage
    left join tag_runs using (model_version)
    order by n_units desc, greatest(last_tagged, coalesce(last_run, last_tagged)) desc
    limit 1
)
select * from final
