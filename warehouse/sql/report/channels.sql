-- The channel breakdown of the report month: each channel's eligible units, units
-- flagged hostile toward any partner, and its corrected share (target ALL), with the
-- actor's leader and ministry sub-indices beside it.
-- grain: actor, channel. params: $month (YYYY-MM).
-- inputs: index_channel_monthly, index_monthly, sources.
with chan as (
    select * from index_channel_monthly where month = $month and target = 'ALL'
),
tiers as (
    select channel, any_value(tier) as tier, any_value(office) as office
    from sources group by channel
),
actor_level as (
    select actor, hhr, hhr_leader, hhr_ministry
    from index_monthly where month = $month and target = 'ALL'
),
final as (
    select
        chan.actor,
        chan.channel,
        tiers.tier,
        tiers.office,
        chan.n_units,
        chan.n_flagged,
        chan.p_hat,
        chan.p_lo90,
        chan.p_hi90,
        a.hhr,
        a.hhr_leader,
        a.hhr_ministry
    from chan
    left join tiers using (channel)
    left join actor_level as a using (actor)
)
select * from final
order by case actor when 'KR' then 1 when 'JP' then 2 when 'US' then 3 else 4 end,
    tier, channel
