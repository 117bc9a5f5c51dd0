-- RDI v1 by actor x target (and actor-level ALL) x month from the latest index release,
-- with its vintage, model and base period, and the revision status of each month
-- (methodology §6.8): the last month is final_pending; the two before it are revised
-- if they differ from the previous release of the same vintage, else final_pending;
-- older months are final.
-- grain: month (YYYY-MM, as in the published files), actor, target.
-- inputs: index_values, index_releases, vintages.
create or replace view index_monthly as
with latest as (
    select * from index_releases order by release_id desc limit 1
),
previous as (
    select r.release_id
    from index_releases as r, latest
    where r.vintage = latest.vintage and r.release_id < latest.release_id
    order by r.release_id desc limit 1
),
current_values as (
    select v.* from index_values as v join latest using (release_id)
),
previous_values as (
    -- every published number of the row: a revision of share_adj, the counts or a bound
    -- is a revision even when rdi is NULL (base mean zero) or capped at 1,000
    select v.month, v.actor, v.target,
        (v.rdi, v.rdi_lo90, v.rdi_hi90, v.hhr, v.hhr_lo90, v.hhr_hi90, v.share_raw,
         v.share_adj, v.share_adj_lo90, v.share_adj_hi90, v.n_units, v.n_units_target,
         v.n_flagged, v.n_channels) as published
    from index_values as v join previous using (release_id)
),
final as (
    select
        strftime(c.month, '%Y-%m') as month,               -- YYYY-MM
        c.actor,
        c.target,
        c.rdi, c.rdi_lo90, c.rdi_hi90, c.rdi_capped,
        c.hhr, c.hhr_lo90, c.hhr_hi90,
        c.share_raw, c.share_adj, c.share_adj_lo90, c.share_adj_hi90,
        c.n_units, c.n_units_target, c.n_flagged, c.n_channels, c.channels_missing,
        c.shrink_weight, c.low_n,
        c.hhr_intensity, c.hhr_leader, c.hhr_ministry, c.conc_share, c.hhr_conditional,
        c.expected_hhr, c.hhr_calendar_adj, c.excess_log, c.alert, c.alert_reason,
        case
            when c.month = l.last_month then 'final_pending'
            when c.month < l.last_month - interval 2 month then 'final'
            when p.month is not null and p.published is distinct from
                (c.rdi, c.rdi_lo90, c.rdi_hi90, c.hhr, c.hhr_lo90, c.hhr_hi90, c.share_raw,
                 c.share_adj, c.share_adj_lo90, c.share_adj_hi90, c.n_units, c.n_units_target,
                 c.n_flagged, c.n_channels) then 'revised'
            else 'final_pending'
        end as status,
        l.vintage,
        l.model_version,
        vt.codebook_version,
        strftime(vt.base_start, '%Y-%m') || ':' || strftime(vt.base_end, '%Y-%m') as base_period,
        c.audit_se,
        c.audit_sp,
        c.audit_alpha,                                     -- null unless Se/Sp came from a human audit
        c.notes,
        l.release_id
    from current_values as c
    cross join latest as l
    join vintages as vt on vt.vintage = l.vintage
    left join previous_values as p using (month, actor, target)
)
select * from final
