-- First and last date of eligible units scored by $model_version (for the base period).
select min(u.unit_date), max(u.unit_date)
from units as u
join unit_scores as s
    on s.unit_id = u.unit_id and s.model_version = $model_version and s.unit_hash = u.unit_hash
where u.eligible
