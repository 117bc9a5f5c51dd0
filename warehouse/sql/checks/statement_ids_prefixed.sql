-- Contract (brief 1): statement_id = "<source>:<site id>".
select statement_id from statements where not starts_with(statement_id, source || ':')
