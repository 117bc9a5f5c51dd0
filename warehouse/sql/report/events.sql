-- Calendar events that fall in the chart window, annual events expanded to each year.
-- grain: event occurrence. params: $first_date, $last_date (first days of the first and
-- last months). inputs: events.
with years as (
    select unnest(generate_series(year($first_date::date), year($last_date::date))) as y
),
occurrences as (
    select e.event_id, e.kind, e.label, e.actor, e.target, e.start_date as day
    from events as e
    where e.recurrence <> 'annual'
    union all
    select e.event_id, e.kind, e.label, e.actor, e.target,
        make_date(years.y::bigint, month(e.start_date), day(e.start_date)) as day
    from events as e, years
    where e.recurrence = 'annual' and years.y >= year(e.start_date)
),
final as (
    select event_id, kind, label, actor, target, day
    from occurrences
    where day >= $first_date::date
        and day < $last_date::date + interval 1 month
)
select * from final
order by day, event_id
