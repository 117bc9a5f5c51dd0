-- The model whose scores cover the most eligible units (ties: the latest tagged).
select s.model_version
from unit_scores as s
join units as u on u.unit_id = s.unit_id and u.unit_hash = s.unit_hash
where u.eligible
group by 1
order by count(*) desc, max(s.tagged_at) desc
limit 1
