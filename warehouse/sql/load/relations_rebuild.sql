-- Mark every current statement changed and drop every relation, so that 08_relations.sql
-- then rebuilds them all (loader.rebuild_relations, after the rule changes).
-- inputs: statements.
create or replace temp table stg_changed as
select statement_id from statements
;

delete from statement_relations
