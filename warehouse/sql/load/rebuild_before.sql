-- The relations and unit eligibility before `rdi load --rebuild-relations` rebuilds them
-- (pipeline/load.py), so that load/rebuild_changed.sql can count what the rebuild changed.
-- inputs: statement_relations, units.
create or replace temp table stg_relations_before as
select statement_id, related_id, relation, method, score from statement_relations
;

create or replace temp table stg_eligibility_before as
select unit_id, eligible, excluded_reason from units
