-- Refresh the current version of every statement that got a new version, and bump
-- last_seen_at of statements fetched again unchanged. inputs: stg_new, stg_records,
-- statement_versions.
create or replace temp table stg_changed as
select distinct statement_id from stg_new
;

delete from statements
where statement_id in (select statement_id from stg_changed)
;

insert into statements by name
with versions as (
    select v.*
    from statement_versions as v
    where v.statement_id in (select statement_id from stg_changed)
),
ranked as (
    select
        *,
        row_number() over (
            partition by statement_id order by fetched_at desc, version_no desc
        ) as rn,
        count(*) over (partition by statement_id) as n_versions,
        min(first_seen_at) over (partition by statement_id) as first_seen_min,
        max(fetched_at) over (partition by statement_id) as last_seen_at
    from versions
),
final as (
    select
        statement_id, version_no, n_versions::integer as n_versions, content_hash, source,
        channel, country, office, tier, lang, title, url, text, text_status, speaker,
        event_date, published_at, published_date,
        coalesce(first_seen_min, first_seen_at) as first_seen_at,
        fetched_at, last_seen_at, canonical_url, via, doc_type, is_translation, alt_urls,
        extra, loaded_at
    from ranked
    where rn = 1
)
select * from final
;

update statements as s
set last_seen_at = b.last_fetched
from (
    select statement_id, max(fetched_at) as last_fetched from stg_records group by 1
) as b
where s.statement_id = b.statement_id
    and b.last_fetched > s.last_seen_at
