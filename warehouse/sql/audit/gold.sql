-- Settled audit units (agreed or adjudicated) of the rounds $rounds: what the error rates
-- are estimated from. grain: unit. inputs: audit_gold.
select
    audit_round,
    lang,
    channel_type,
    stratum,
    incl_prob,
    machine_hostile,
    human_hostile
from audit_gold
where status in ('adjudicated', 'agreed')
    and list_contains($rounds, audit_round)
