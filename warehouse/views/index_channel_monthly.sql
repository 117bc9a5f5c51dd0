-- Per-channel inputs of the latest index release: counts, shrinkage, corrected share.
-- grain: month (YYYY-MM), actor, channel, target. inputs: index_channel_values, index_releases.
create or replace view index_channel_monthly as
with latest as (
    select * from index_releases order by release_id desc limit 1
),
final as (
    select
        strftime(c.month, '%Y-%m') as month,  -- YYYY-MM
        c.actor,
        c.channel,
        c.target,
        c.n_units,                  -- eligible units of the channel (denominator N)
        c.n_flagged,                -- units flagged hostile toward the target (X)
        c.shrink_weight,            -- (alpha + beta) / (N + alpha + beta)
        c.q_hat,                    -- shrunk flag rate, posterior mean
        c.p_hat,                    -- corrected share (Rogan-Gladen), median of draws
        c.p_lo90,
        c.p_hi90,
        c.scaled,                   -- p_hat / SD over the base period
        l.vintage,
        l.model_version,
        l.release_id
    from index_channel_values as c
    join latest as l using (release_id)
)
select * from final
