-- What `rdi load --rebuild-relations` changed: relation rows added, removed or altered, and
-- units whose eligibility changed (0 and 0 when the warehouse already followed the rule);
-- then drops the copies made by load/rebuild_before.sql.
-- inputs: stg_relations_before, stg_eligibility_before, statement_relations, units.
create or replace temp table stg_rebuild_changed as
select
    (select count(*) from (
        (select statement_id, related_id, relation, method, score from statement_relations
         except all
         select * from stg_relations_before)
        union all
        (select * from stg_relations_before
         except all
         select statement_id, related_id, relation, method, score from statement_relations)
    )) as relations_changed,
    (select count(*) from units as u
     left join stg_eligibility_before as b using (unit_id)
     where b.unit_id is null
        or u.eligible is distinct from b.eligible
        or u.excluded_reason is distinct from b.excluded_reason) as units_changed,
    (select count(*) from statement_relations) as relations_total
;

drop table stg_relations_before
;

drop table stg_eligibility_before
;

select relations_changed, units_changed, relations_total from stg_rebuild_changed
