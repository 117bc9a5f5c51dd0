-- Turns of the current version of each changed statement. inputs: stg_changed,
-- statements, statement_versions.
delete from turns
where statement_id in (select statement_id from stg_changed)
;

insert into turns
with current_versions as (
    select v.statement_id, v.turns
    from statement_versions as v
    join statements as s using (statement_id, version_no)
    where s.statement_id in (select statement_id from stg_changed)
),
unnested as (
    select
        statement_id,
        unnest(json_transform(turns,
            '[{"idx": "INTEGER", "role": "VARCHAR", "speaker": "VARCHAR", "text": "VARCHAR"}]'
        )) as t
    from current_versions
),
final as (
    select statement_id, t.idx, t.role, t.speaker, t.text from unnested
)
select * from final
