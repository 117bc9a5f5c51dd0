-- 0010: name the method of the duplicate relations written before the tie-break of
-- load/08_relations.sql became fixed (of several methods with the top score, the first of
-- content_hash, canonical_url, fuzzy_text). An older rdi named one of the tied methods by
-- arg_max (on content_hash and canonical_url both matching: canonical_url), and rdi load
-- recomputes only the pairs of statements it changed, so an upgraded warehouse kept those
-- names until either statement got a new version, unlike a warehouse built afresh. A
-- content_hash or canonical_url match scores 100, the top: the name follows from the two
-- statements as they are now, which the row was computed from. Scores are unchanged.
update statement_relations as r
set method = f.method
from (
    select
        x.statement_id,
        x.related_id,
        x.relation,
        case
            when a.content_hash = b.content_hash then 'content_hash'
            when coalesce(a.canonical_url, a.url) = coalesce(b.canonical_url, b.url) then 'canonical_url'
            else x.method
        end as method
    from statement_relations as x
    join statements as a on a.statement_id = x.statement_id
    join statements as b on b.statement_id = x.related_id
    where x.relation = 'duplicate_of'
) as f
where r.statement_id = f.statement_id
    and r.related_id = f.related_id
    and r.relation = f.relation
    and r.method <> f.method;
