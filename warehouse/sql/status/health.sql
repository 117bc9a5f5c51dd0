-- Per-source crawl health from the run history, for `rdi status` and the alerts.
-- grain: source (sources with at least one crawl step). inputs: run_steps, $now.
-- "usual" figures come from the 180 days before the last 30 (items) or from the runs before
-- the last one in the last 30 days (HTTP error share, text ratio).
with crawls as (
    select * from run_steps where step = 'crawl' and status <> 'skipped'
),
ranked as (
    select *, row_number() over (partition by source order by started_at desc) as rn
    from crawls
),
last_run as (
    select source, run_id, started_at, ended_at, status, exit_reason, items_seen, items_new,
        requests, http_errors
    from ranked where rn = 1
),
successes as (
    select source, max(ended_at) as last_success, count(*) as n_ok from crawls
    where status = 'ok' group by 1
),
items as (
    select
        source,
        min(started_at) as first_run,
        coalesce(sum(items_new) filter (where started_at >= $now - interval 7 day), 0) as items_7d,
        coalesce(sum(items_new) filter (where started_at >= $now - interval 30 day), 0) as items_30d,
        sum(items_new) filter (
            where started_at < $now - interval 30 day and started_at >= $now - interval 210 day
        ) as items_before,
        min(started_at) filter (where started_at >= $now - interval 210 day) as first_in_window
    from crawls group by 1
),
errors as (
    select
        source,
        sum(http_errors) filter (where rn > 1 and started_at >= $now - interval 30 day)
            / nullif(sum(requests) filter (where rn > 1 and started_at >= $now - interval 30 day), 0)
            as usual_error_share
    from ranked group by 1
),
sampled as (
    select source, text_ratio, started_at,
        row_number() over (partition by source order by started_at desc) as k
    from crawls where text_samples > 0 and text_ratio is not null
),
drift as (
    select
        source,
        max(text_ratio) filter (where k = 1) as text_ratio,
        median(text_ratio) filter (where k > 1 and started_at >= $now - interval 30 day) as usual_text_ratio,
        count(*) filter (where k > 1 and started_at >= $now - interval 30 day) as n_ratio_runs
    from sampled group by 1
),
failed_steps as (
    select run_id, string_agg(step || ': ' || coalesce(exit_reason, ''), '; ' order by started_at) as failed_steps
    from run_steps where status = 'failed' group by 1
),
final as (
    select
        l.source,
        f.failed_steps as last_failed_steps,
        l.run_id as last_run_id,
        l.started_at as last_run_at,
        l.status as last_status,
        l.exit_reason as last_exit_reason,
        l.items_seen as last_items_seen,
        l.items_new as last_items_new,
        s.last_success,
        coalesce(s.n_ok, 0) as n_ok,
        i.first_run,
        i.items_7d::bigint as items_7d,
        i.items_30d::bigint as items_30d,
        case
            when i.first_in_window <= $now - interval 60 day
            then i.items_before * 30.0
                / greatest(date_diff('second', i.first_in_window, $now - interval 30 day) / 86400.0, 30.0)
        end as usual_30d,
        l.http_errors::double / nullif(l.requests, 0) as error_share,
        e.usual_error_share,
        d.text_ratio,
        d.usual_text_ratio,
        coalesce(d.n_ratio_runs, 0) as n_ratio_runs
    from last_run as l
    left join successes as s using (source)
    left join items as i using (source)
    left join errors as e using (source)
    left join drift as d using (source)
    left join failed_steps as f on f.run_id = l.run_id
)
select * from final order by source
