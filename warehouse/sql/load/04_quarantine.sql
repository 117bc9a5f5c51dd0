-- Bad lines go to quarantine with their reason and file/line; a line already there
-- (same file, line and bytes) is not added twice. inputs: stg_parsed, stg_bad_bytes.
insert into quarantine
with bad as (
    select staging_file, line_no, line as raw, reason
    from stg_parsed
    where reason is not null and reason <> 'incomplete'
    union all
    select staging_file, line_no, raw, reason from stg_bad_bytes
),
final as (
    select
        staging_file,
        line_no,
        sha256(raw) as raw_sha256,
        reason,
        raw,
        $run_id as run_id,
        $now::timestamptz as quarantined_at
    from bad
)
select * from final
on conflict do nothing
