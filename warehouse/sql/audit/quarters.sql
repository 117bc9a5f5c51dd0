-- The quarters that hold eligible units scored by $model_version, with their unit counts:
-- what rdi audit sample can draw from (before leaving out audited and training units).
-- grain: quarter. inputs: units, unit_scores.
select
    strftime(u.unit_date, '%Y') || 'Q' || quarter(u.unit_date) as audit_round,
    count(*) as units
from units as u
join unit_scores as s
    on s.unit_id = u.unit_id and s.model_version = $model_version and s.unit_hash = u.unit_hash
where u.eligible and u.unit_date is not null
group by all
order by audit_round
