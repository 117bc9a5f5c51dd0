-- The model whose scores the trend views and the index use: the one covering the most
-- eligible units as they read now (ties: the most recently tagged).
-- grain: one row. inputs: unit_scores, units.
create or replace view current_model as
with coverage as (
    select s.model_version, count(*) as n_units, max(s.tagged_at) as last_tagged
    from unit_scores as s
    join units as u on u.unit_id = s.unit_id and u.unit_hash = s.unit_hash
    where u.eligible
    group by 1
),
final as (
    select model_version from coverage
    order by n_units desc, last_tagged desc
    limit 1
)
select * from final
