-- Valid staged records, typed, one per line that passed every check.
-- grain: staging_file x line_no. inputs: stg_parsed.
create or replace temp table stg_records as
with source as (
    select * from stg_parsed where reason is null
),
final as (
    select
        r.statement_id,
        coalesce(nullif(r.content_hash, ''),
                 -- fallback when the crawler did not fill it: hash of text + turns
                 sha256(r.text || chr(30) || coalesce(r.turns::varchar, ''))) as content_hash,
        r.source,
        r.channel,
        r.country,
        r.office,
        r.tier,
        r.lang,
        r.title,
        r.url,
        r.text,
        coalesce(r.text_status, 'full') as text_status,
        r.speaker,
        r.event_date::date as event_date,
        r.published_at::timestamptz as published_at,
        -- the publisher's local date: a time with an explicit offset (feeds often give
        -- UTC) is read in the publisher's time zone; without one, the date as written
        case
            when regexp_matches(r.published_at, '(?i)^\d{4}-\d{2}-\d{2}[T ].*(Z|[+-]\d{2}(:?\d{2})?)$')
                then timezone(
                    case r.country
                        when 'JP' then 'Asia/Tokyo'
                        when 'KR' then 'Asia/Seoul'
                        else 'America/New_York'
                    end,
                    r.published_at::timestamptz)::date
            else left(r.published_at, 10)::date
        end as published_date,
        r.first_seen_at::timestamptz as first_seen_at,
        coalesce(r.fetched_at::timestamptz, $now::timestamptz) as fetched_at,
        r.canonical_url,
        coalesce(r.via, 'direct') as via,
        r.doc_type,
        coalesce(r.is_translation, false) as is_translation,
        coalesce(r.alt_urls, []::varchar[]) as alt_urls,
        coalesce(r.turns, '[]'::json) as turns,
        r.extra,
        staging_file,
        line_no as staging_line
    from source
)
select * from final
