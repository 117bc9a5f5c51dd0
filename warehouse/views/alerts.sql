-- Months whose hostility is unusual for the calendar (methodology §6.7): HHR's 5th
-- percentile above the 95 % prediction bound of the calendar model, or a CUSUM signal
-- on excess_log (k = 0.5, h = 4).
-- grain: month, actor, target. inputs: index_monthly.
create or replace view alerts as
with final as (
    select
        month, actor, target, alert_reason, hhr, hhr_lo90, hhr_hi90, expected_hhr,
        excess_log, rdi, rdi_lo90, rdi_hi90, n_units, n_flagged, low_n, status, vintage
    from index_monthly
    where alert
)
select * from final
