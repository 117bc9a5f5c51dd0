-- Every unit id rdi train must refuse: the units sampled by any audit round (simulated ones
-- included), and every unit of a statement related to an audited unit's statement by
-- statement_relations (translation_of, duplicate_of; either direction, followed transitively),
-- so that a translation or a copy of an audited statement cannot train. Which turn of a
-- translation matches which turn of its original is not known: all its units are listed.
-- An audited unit gone from units still names its statement by its id (statement_id, or
-- statement_id || '#t' || turn).
-- grain: unit. inputs: audit_sample, units, statement_relations.
with recursive audited as (
    select
        s.unit_id,
        coalesce(u.statement_id, regexp_replace(s.unit_id, '#t[0-9]+$', '')) as statement_id
    from audit_sample as s
    left join units as u using (unit_id)
),
related(seed, statement_id) as (
    select distinct statement_id, statement_id from audited
    union
    select
        related.seed,
        case when r.statement_id = related.statement_id then r.related_id else r.statement_id end
    from related
    join statement_relations as r
        on related.statement_id in (r.statement_id, r.related_id)
),
others as (
    -- all units of a statement reached from another audited statement (the audited unit's
    -- own statement's other turns are not copies of it)
    select u.unit_id
    from units as u
    join related on related.statement_id = u.statement_id and related.seed <> u.statement_id
)
select unit_id from audited
union
select unit_id from others
order by unit_id
