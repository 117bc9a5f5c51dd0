-- The actor x target heatmap of the report month (who was hostile toward whom).
-- grain: actor, target (targets only, not ALL). params: $month (YYYY-MM).
-- inputs: index_monthly.
select
    actor,
    target,
    rdi,
    rdi_lo90,
    rdi_hi90,
    hhr,
    n_units_target,
    n_flagged,
    low_n,
    coalesce(alert, false) as alert
from index_monthly
where month = $month and target <> 'ALL'
order by actor, target
