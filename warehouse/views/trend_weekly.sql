-- Weekly trend of framing labels in official words.
-- grain: week (ISO, Monday), country, channel, tier, target, label (zeros included).
-- inputs: scored_units, unit_labels. Targets: JP KR US KP CN other, and ANY (label in
-- any sentence). Labels: history territory nationalist conciliatory hostile, where
-- hostile = nationalist and (history or territory) (brief contract 4).
create or replace view trend_weekly as
with units_by_week as (
    select week, country, channel, tier, count(*) as units, sum(n_sentences) as sentences
    from scored_units
    group by all
),
grid as (
    select d.*, t.target, l.label
    from units_by_week as d
    cross join (select unnest(['JP', 'KR', 'US', 'KP', 'CN', 'other', 'ANY']) as target) as t
    cross join (select unnest(['history', 'territory', 'nationalist', 'conciliatory', 'hostile'])
        as label) as l
    where t.target <> d.country
),
hits as (
    select u.week, u.country, u.channel, u.tier, l.target, l.label,
        count(*) as flagged_units
    from unit_labels as l
    join scored_units as u using (unit_id)
    group by all
),
final as (
    select
        g.week,                                          -- Monday of the ISO week
        g.country,                                        -- the government speaking
        g.channel,
        g.tier,
        g.target,
        g.label,
        g.units::integer as units,                        -- eligible scored units (denominator)
        g.sentences::integer as sentences,                -- sentences in those units
        coalesce(h.flagged_units, 0)::integer as flagged_units,
        coalesce(h.flagged_units, 0) / g.units as share   -- flagged_units / units, 0..1
    from grid as g
    left join hits as h using (week, country, channel, tier, target, label)
)
select * from final
