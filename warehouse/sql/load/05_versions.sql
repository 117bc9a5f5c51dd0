-- New versions: (statement_id, content_hash) pairs the warehouse has not seen, the first
-- occurrence in the batch each, numbered after the statement's existing versions.
-- inputs: stg_records, statement_versions.
create or replace temp table stg_new as
with ranked as (
    select
        *,
        row_number() over (
            partition by statement_id, content_hash
            order by fetched_at, staging_file, staging_line
        ) as rn
    from stg_records
),
unseen as (
    select ranked.* exclude (rn)
    from ranked
    where rn = 1
        and not exists (
            select 1 from statement_versions as v
            where v.statement_id = ranked.statement_id
                and v.content_hash = ranked.content_hash
        )
),
numbered as (
    select
        unseen.*,
        coalesce(prev.max_version, 0) + row_number() over (
            partition by unseen.statement_id
            order by fetched_at, staging_file, staging_line
        ) as version_no,
        prev.max_version is null as is_new_statement
    from unseen
    left join (
        select statement_id, max(version_no) as max_version
        from statement_versions group by 1
    ) as prev using (statement_id)
)
select * from numbered
;

insert into statement_versions by name
select
    * exclude (is_new_statement),
    $run_id as load_run_id,
    $now::timestamptz as loaded_at
from stg_new
