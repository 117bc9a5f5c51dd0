-- Eligible units not yet scored, as they read now, by model $model_version.
-- grain: unit. inputs: units, unit_scores.
select u.unit_id, u.unit_hash
from units as u
where u.eligible
    and not exists (
        select 1 from unit_scores as s
        where s.unit_id = u.unit_id
            and s.model_version = $model_version
            and s.unit_hash = u.unit_hash
    )
order by u.unit_id
