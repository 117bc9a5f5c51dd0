-- rdi_monthly: long format, one row per month x actor x target up to the release month
-- $month (YYYY-MM), columns of methodology §6.9 that are implemented.
-- Status is relative to the release month: $month is final_pending, the two months
-- before it revised (if changed since the previous release of the vintage) or
-- final_pending, older months final. inputs: index_monthly.
create or replace temp table export_rdi_monthly as
with source as (
    select * from index_monthly where month <= $month
),
final as (
    select
        month,
        actor,
        target,
        rdi, rdi_lo90, rdi_hi90, rdi_capped,
        hhr, hhr_lo90, hhr_hi90,
        share_raw, share_adj, share_adj_lo90, share_adj_hi90,
        n_units, n_units_target, n_flagged, n_channels, channels_missing,
        shrink_weight, low_n,
        hhr_intensity, hhr_leader, hhr_ministry, conc_share, hhr_conditional,
        expected_hhr, hhr_calendar_adj, excess_log, alert, alert_reason,
        case
            when month = $month then 'final_pending'
            when month < strftime($month_date::date - interval 2 month, '%Y-%m') then 'final'
            when status = 'revised' then 'revised'
            else 'final_pending'
        end as status,
        vintage, model_version, codebook_version, base_period,
        audit_se, audit_sp, audit_alpha, notes
    from source
)
select * from final
order by month, actor, target
