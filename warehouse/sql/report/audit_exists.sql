-- Whether the human audit's quarterly series (view audit_quarterly, issue 8) exists.
-- grain: one row. inputs: duckdb_views().
select count(*) > 0 as present
from duckdb_views()
where view_name = 'audit_quarterly' and not internal
