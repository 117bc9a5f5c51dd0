-- Monthly counts per actor x channel x target: the inputs of RDI v1 (methodology §6.3).
-- grain: actor, channel, target, month (only channel-months with eligible scored units).
-- n_units is the denominator N (all eligible units of the channel and month, any topic);
-- target 'ALL' counts units flagged toward any of $all_targets.
-- inputs: model_scored_units, unit_flags.
with scored as (
    select unit_id, country as actor, channel, tier, lang, month
    from model_scored_units
    where model_version = $model_version
),
denominators as (
    select actor, channel, month, count(*) as n_units
    from scored group by all
),
channel_info as (
    -- a channel's tier and language: its most frequent ones
    select actor, channel, mode(tier) as tier, mode(lang) as lang
    from scored group by all
),
flags as (
    select sc.actor, sc.channel, sc.month, f.target, f.hostile, f.severity_max, f.conciliatory,
        sc.unit_id
    from scored as sc
    join unit_flags as f on f.unit_id = sc.unit_id and f.model_version = $model_version
),
per_target as (
    select actor, channel, month, target,
        count(*) filter (where hostile) as n_flagged,
        count(*) as n_target,
        count(*) filter (where hostile and severity_max >= 2) as n_severe,
        count(*) filter (where conciliatory) as n_conc
    from flags group by all
),
per_all as (
    select actor, channel, month, 'ALL' as target,
        count(distinct unit_id) filter (where hostile) as n_flagged,
        count(distinct unit_id) as n_target,
        count(distinct unit_id) filter (where hostile and severity_max >= 2) as n_severe,
        count(distinct unit_id) filter (where conciliatory) as n_conc
    from flags
    where list_contains($all_targets::varchar[], target) and target <> actor
    group by all
),
counts as (
    select * from per_target union all select * from per_all
),
targets as (
    select unnest($targets::varchar[]) as target union all select 'ALL'
),
final as (
    select
        d.actor,
        d.channel,
        ci.tier,
        ci.lang,
        t.target,
        d.month,
        d.n_units::integer as n_units,
        coalesce(c.n_flagged, 0)::integer as n_flagged,
        coalesce(c.n_target, 0)::integer as n_target,
        coalesce(c.n_severe, 0)::integer as n_severe,
        coalesce(c.n_conc, 0)::integer as n_conc
    from denominators as d
    join channel_info as ci using (actor, channel)
    cross join targets as t
    left join counts as c using (actor, channel, month, target)
    where t.target <> d.actor
)
select * from final
order by actor, target, channel, month
