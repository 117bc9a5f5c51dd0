-- The headline: each actor's RDI toward all partners (target ALL) in the report month,
-- with the month before and the same month a year earlier, for the changes.
-- grain: actor. params: $month, $prev_month, $year_ago (YYYY-MM). inputs: index_monthly.
with cur as (
    select * from index_monthly where month = $month and target = 'ALL'
),
prev as (
    select actor, rdi from index_monthly where month = $prev_month and target = 'ALL'
),
year_ago as (
    select actor, rdi from index_monthly where month = $year_ago and target = 'ALL'
),
final as (
    select
        cur.actor,
        cur.rdi,
        cur.rdi_lo90,
        cur.rdi_hi90,
        cur.rdi_capped,
        prev.rdi as rdi_prev,                 -- null when the month before is not indexed
        year_ago.rdi as rdi_year_ago,         -- null when a year earlier is not indexed
        cur.rdi - prev.rdi as change_month,
        cur.rdi - year_ago.rdi as change_year,
        coalesce(cur.alert, false) as alert,
        cur.alert_reason,
        cur.status,
        cur.low_n,
        cur.n_units,
        cur.n_flagged,
        cur.channels_missing,
        cur.hhr,
        cur.share_adj
    from cur
    left join prev using (actor)
    left join year_ago using (actor)
)
select * from final
order by case actor when 'KR' then 1 when 'JP' then 2 when 'US' then 3 else 4 end, actor
