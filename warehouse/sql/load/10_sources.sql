-- Register the sources and channels seen in this batch. inputs: stg_records.
insert into sources
select
    source,
    arg_max(channel, fetched_at),
    arg_max(country, fetched_at),
    arg_max(office, fetched_at),
    arg_max(tier, fetched_at),
    arg_max(lang, fetched_at),
    $now::timestamptz,
    $now::timestamptz
from stg_records
group by source
on conflict (source) do update set
    channel = excluded.channel,
    country = excluded.country,
    office = excluded.office,
    tier = excluded.tier,
    lang = excluded.lang,
    last_loaded_at = excluded.last_loaded_at
;

insert into channels
select channel, arg_max(country, fetched_at), arg_max(tier, fetched_at), $now::timestamptz
from stg_records
group by channel
on conflict do nothing
