-- Every audit round with its model, whether it is simulated, and how far coding has got.
-- units: sampled units still in the round (without those dropped: gone from units before
-- their second coding, see audit_gold).
-- grain: round. inputs: audit_rounds, audit_gold.
select
    r.audit_round,
    r.model_version,
    r.simulated,
    count(g.unit_id) filter (where g.status <> 'dropped') as units,
    count(*) filter (where g.n_coders >= 2) as double_coded,
    count(*) filter (where g.status = 'agreed') as agreed,
    count(*) filter (where g.status = 'adjudicated') as adjudicated,
    count(*) filter (where g.status = 'pending') as pending,
    count(*) filter (where g.status not in ('adjudicated', 'agreed', 'dropped')) as unsettled,
    count(*) filter (where g.status = 'dropped') as dropped
from audit_rounds as r
left join audit_gold as g using (audit_round)
group by all
order by r.audit_round
