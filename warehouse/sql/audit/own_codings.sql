-- The units of $unit_ids that $adjudicator coded as one of the coders (names compared without
-- case, as rdi audit import compares them): an adjudication is by a third person.
-- grain: unit. inputs: audit_codings.
select distinct unit_id
from audit_codings
where lower(coder) = lower($adjudicator)
    and list_contains($unit_ids, unit_id)
order by unit_id
