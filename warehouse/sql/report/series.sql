-- The line charts: each actor's RDI toward all partners (target ALL) over the window
-- [$first_month, $month], with the revision marks. A month is marked revised when the
-- latest release says so (status 'revised') or when a new vintage changed its value:
-- its RDI differs from the last release of an earlier vintage.
-- grain: actor, month. params: $first_month, $month (YYYY-MM).
-- inputs: index_monthly, index_values, index_releases.
with cur as (
    select * from index_monthly
    where target = 'ALL' and month between $first_month and $month
),
latest as (
    select release_id, vintage from index_releases order by release_id desc limit 1
),
older_vintage as (
    select r.release_id, r.vintage
    from index_releases as r, latest
    where r.vintage <> latest.vintage
    order by r.release_id desc
    limit 1
),
older_values as (
    select strftime(v.month, '%Y-%m') as month, v.actor, v.rdi, o.vintage as old_vintage
    from index_values as v
    join older_vintage as o using (release_id)
    where v.target = 'ALL'
),
final as (
    select
        cur.actor,
        cur.month,
        cur.rdi,
        cur.rdi_lo90,
        cur.rdi_hi90,
        coalesce(cur.alert, false) as alert,
        cur.status,
        cur.low_n,
        cur.status = 'revised' as revised_in_vintage,
        o.rdi is not null and o.rdi is distinct from cur.rdi as revised_by_vintage,
        o.old_vintage
    from cur
    left join older_values as o using (month, actor)
)
select * from final
order by actor, month
