-- Every coder's labels for the units of the rounds $rounds, with the unit's language.
-- grain: unit x coder. inputs: audit_codings, audit_sample.
select
    s.lang,
    c.unit_id,
    c.coder,
    c.history,
    c.territory,
    c.nationalist,
    c.conciliatory,
    c.target,
    c.severity
from audit_codings as c
join audit_sample as s using (unit_id)
where list_contains($rounds, c.audit_round)
order by all
