-- Contract: translations and duplicates are never scored in place of originals.
select s.unit_id
from unit_scores as s
join units as u using (unit_id)
where u.excluded_reason in ('translation', 'duplicate')
