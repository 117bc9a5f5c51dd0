-- Coverage of the report month per source: statements published against the usual
-- (median over the 12 months before, zero months included from the source's first
-- month on), eligible and excluded units, and the empty months of the last year.
-- grain: source. params: $month_date (first day of the report month).
-- inputs: sources, statements, units.
with src as (
    select source, channel, country, office, tier, lang from sources
),
per_month as (
    select source, date_trunc('month', coalesce(event_date, published_date))::date as month,
        count(*) as n
    from statements
    where coalesce(event_date, published_date) is not null
    group by all
),
first_month as (
    select source, min(month) as first from per_month group by 1
),
window_months as (
    select s.source, m.month
    from src as s
    join first_month as f using (source)
    cross join (
        select unnest(generate_series($month_date::date - interval 12 month,
            $month_date::date - interval 1 month, interval 1 month))::date as month
    ) as m
    where m.month >= f.first
),
history as (
    select w.source, w.month, coalesce(p.n, 0) as n
    from window_months as w
    left join per_month as p using (source, month)
),
usual as (
    select source,
        median(n) as usual,
        count(*) as months_seen,
        count(*) filter (where n = 0) as empty_months,
        list(strftime(month, '%Y-%m') order by month) filter (where n = 0) as empty_list
    from history group by 1
),
this_month as (
    select source, n from per_month where month = $month_date::date
),
units_month as (
    select source,
        count(*) filter (where eligible) as n,
        count(*) filter (where not eligible) as n_excluded,
        mode(excluded_reason) filter (where not eligible) as excluded_reason
    from units
    where date_trunc('month', unit_date) = $month_date::date
    group by 1
),
last_seen as (
    select source, max(coalesce(event_date, published_date)) as last_date
    from statements group by 1
),
final as (
    select
        src.source,
        src.country,
        src.channel,
        src.office,
        src.tier,
        src.lang,
        coalesce(t.n, 0)::integer as statements,
        coalesce(um.n, 0)::integer as units,              -- eligible units (scored)
        coalesce(um.n_excluded, 0)::integer as units_excluded,
        um.excluded_reason,                               -- the commonest reason, if any
        usual.usual,
        coalesce(usual.months_seen, 0)::integer as months_seen,
        coalesce(usual.empty_months, 0)::integer as empty_months,
        coalesce(usual.empty_list, []) as empty_list,
        l.last_date
    from src
    left join this_month as t using (source)
    left join units_month as um using (source)
    left join usual using (source)
    left join last_seen as l using (source)
)
select * from final
order by case country when 'KR' then 1 when 'JP' then 2 when 'US' then 3 else 4 end,
    tier, source
