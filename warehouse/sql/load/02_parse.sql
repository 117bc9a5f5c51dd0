-- Parse each staged line with DuckDB's JSON functions and give every bad one a reason.
-- A date is a bad value also when it cannot be right: before 1946 (the post-war archives
-- are the oldest pages any channel has; earlier years are misread eras or two-digit years)
-- or after the day after the load. One such date would stretch the index's
-- month grid over decades without units.
-- grain: one row per non-blank staged line. inputs: stg_lines.
create or replace temp table stg_parsed as
with lines as (
    select *, json_valid(line) as ok_json from stg_lines
),
typed as (
    select
        lines.*,
        case when ok_json then json_type(line) end as jtype,
        case when ok_json and json_type(line) = 'OBJECT' then json_transform(line, '{
            "statement_id": "VARCHAR", "source": "VARCHAR", "channel": "VARCHAR",
            "country": "VARCHAR", "office": "VARCHAR", "tier": "VARCHAR", "lang": "VARCHAR",
            "title": "VARCHAR", "url": "VARCHAR", "text": "VARCHAR", "text_status": "VARCHAR",
            "speaker": "VARCHAR", "event_date": "VARCHAR", "published_at": "VARCHAR",
            "first_seen_at": "VARCHAR", "fetched_at": "VARCHAR", "canonical_url": "VARCHAR",
            "content_hash": "VARCHAR", "via": "VARCHAR", "doc_type": "VARCHAR",
            "is_translation": "BOOLEAN", "alt_urls": ["VARCHAR"], "turns": "JSON",
            "extra": "JSON"}') end as r
    from lines
),
turns_checked as (
    select
        typed.*,
        -- latest possible date: the day after the load (publishers are up to 14 h ahead of UTC)
        $now::timestamptz::date + 1 as latest_date,
        case when jtype = 'OBJECT' and json_type(line, '$.turns') = 'ARRAY' then
            json_transform(r.turns, '[{"idx": "INTEGER", "role": "VARCHAR", "speaker": "VARCHAR", "text": "VARCHAR"}]')
        end as turn_list
    from typed
),
final as (
    select
        staging_file, line_no, line, r, turn_list,
        case
            when not ok_json and is_last and not ends_nl then 'incomplete'
            when not ok_json then 'invalid_json'
            when jtype <> 'OBJECT' then 'not_an_object'
            when coalesce(r.statement_id, '') = '' then 'missing_field:statement_id'
            when coalesce(r.source, '') = '' then 'missing_field:source'
            when coalesce(r.channel, '') = '' then 'missing_field:channel'
            when coalesce(r.country, '') = '' then 'missing_field:country'
            when coalesce(r.tier, '') = '' then 'missing_field:tier'
            when coalesce(r.lang, '') = '' then 'missing_field:lang'
            when coalesce(r.url, '') = '' then 'missing_field:url'
            when r.text is null then 'missing_field:text'
            when json_type(line, '$.text') <> 'VARCHAR' then 'bad_value:text'
            when not starts_with(r.statement_id, r.source || ':')
                or length(r.statement_id) <= length(r.source) + 1 then 'bad_value:statement_id'
            when r.country not in ('JP', 'KR', 'US') then 'bad_value:country'
            when r.tier not in ('leader', 'ministry') then 'bad_value:tier'
            when r.lang not in ('ja', 'ko', 'en') then 'bad_value:lang'
            when coalesce(r.text_status, 'full') not in ('full', 'partial', 'video_only', 'pending')
                then 'bad_value:text_status'
            when coalesce(r.via, 'direct') not in ('direct', 'wayback', 'mirror') then 'bad_value:via'
            when r.event_date is not null
                and (not regexp_full_match(r.event_date, '\d{4}-\d{2}-\d{2}')
                     or try_cast(r.event_date as date) is null
                     or try_cast(r.event_date as date) not between date '1946-01-01' and latest_date)
                then 'bad_value:event_date'
            when r.published_at is not null
                and (try_cast(r.published_at as timestamptz) is null
                     or try_cast(left(r.published_at, 10) as date) is null
                     or try_cast(left(r.published_at, 10) as date)
                         not between date '1946-01-01' and latest_date) then 'bad_value:published_at'
            when r.first_seen_at is not null and try_cast(r.first_seen_at as timestamptz) is null
                then 'bad_value:first_seen_at'
            when r.fetched_at is not null and try_cast(r.fetched_at as timestamptz) is null
                then 'bad_value:fetched_at'
            when coalesce(json_type(line, '$.is_translation'), 'NULL') not in ('BOOLEAN', 'NULL')
                then 'bad_value:is_translation'
            when coalesce(json_type(line, '$.alt_urls'), 'NULL') not in ('ARRAY', 'NULL')
                then 'bad_value:alt_urls'
            when coalesce(json_type(line, '$.turns'), 'NULL') not in ('ARRAY', 'NULL')
                then 'bad_value:turns'
            when turn_list is not null and not coalesce(list_bool_and(list_transform(turn_list,
                    lambda t: t.idx is not null and t.text is not null
                        and t.role in ('official', 'reporter', 'moderator', 'guest'))), true)
                then 'bad_value:turns'
            when turn_list is not null
                and len(list_distinct(list_transform(turn_list, lambda t: t.idx))) <> len(turn_list)
                then 'bad_value:turns'
        end as reason
    from turns_checked
)
select * from final
