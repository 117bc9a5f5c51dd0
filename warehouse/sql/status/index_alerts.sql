-- Index alerts of the latest $months months of the latest release, for the alert log.
-- grain: month, actor, target. inputs: alerts (view), index_monthly.
with recent as (
    select distinct month from index_monthly order by month desc limit $months
)
select month, actor, target, alert_reason, rdi, hhr, expected_hhr, n_units
from alerts
where month in (select month from recent)
order by month, actor, target
