-- Per-source counts for `rdi status`: units_tagged counts the units the index can use,
-- scored by the current model as they read now. grain: source. inputs: sources,
-- statements, units, scored_units.
with src as (
    select * from sources
),
stmts as (
    select source, count(*) as n,
        min(coalesce(event_date, published_date)) as first_date,
        max(coalesce(event_date, published_date)) as last_date
    from statements group by 1
),
unit_counts as (
    select
        u.source,
        count(*) filter (where u.eligible) as eligible,
        count(*) filter (where u.eligible and exists (
            select 1 from scored_units as s where s.unit_id = u.unit_id
        )) as tagged
    from units as u group by 1
),
final as (
    select
        src.source,
        src.country,
        src.channel,
        coalesce(stmts.n, 0)::integer as statements,
        coalesce(unit_counts.eligible, 0)::integer as units_eligible,
        coalesce(unit_counts.tagged, 0)::integer as units_tagged,
        stmts.first_date::varchar as first_date,
        stmts.last_date::varchar as last_date,
        strftime(src.last_loaded_at, '%Y-%m-%dT%H:%M:%SZ') as last_loaded_at
    from src
    left join stmts using (source)
    left join unit_counts using (source)
)
select * from final order by country, source
