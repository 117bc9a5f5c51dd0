-- Contract: one current row per statement.
select statement_id from statements group by 1 having count(*) > 1
