-- The human index check (methodology §6.6 step 5, EPU-style): per actor and audited quarter,
-- the share of units a human coded hostile and the share the tagger flagged, both over the
-- same settled audit units (agreed or adjudicated) weighted by 1 / inclusion probability,
-- so each estimates the share among all of the quarter's auditable units of that actor.
-- Rounds of every kind are included; audit_rounds.simulated marks the demo's simulated ones.
-- grain: actor, quarter (YYYYQn). inputs: audit_gold.
create or replace view audit_quarterly as
select
    country as actor,
    audit_round as quarter,
    sum(human_hostile::int / incl_prob) / sum(1 / incl_prob) as human_share,
    sum(machine_hostile::int / incl_prob) / sum(1 / incl_prob) as machine_share
from audit_gold
where status in ('adjudicated', 'agreed')
group by all
order by actor, quarter
