-- rdi_channel_monthly: the per-channel inputs up to $month. inputs: index_channel_monthly.
create or replace temp table export_rdi_channel_monthly as
select
    month,
    actor, channel, target, n_units, n_flagged, shrink_weight, q_hat, p_hat, p_lo90, p_hi90,
    scaled, vintage, model_version
from index_channel_monthly
where month <= $month
order by month, actor, channel, target
