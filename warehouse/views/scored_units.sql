-- Eligible units (official words, originals, dated) scored by the current model as they
-- read now. The denominator of every trend and of the index.
-- grain: unit. inputs: units, unit_scores, current_model.
create or replace view scored_units as
with scores as (
    select * from unit_scores
    where model_version = (select model_version from current_model)
),
final as (
    select
        u.unit_id,
        u.statement_id,
        u.turn_idx,
        u.source,
        u.channel,
        u.country,
        u.tier,
        u.lang,
        u.speaker,
        u.unit_date,
        date_trunc('month', u.unit_date)::date as month,   -- first day of the month
        date_trunc('week', u.unit_date)::date as week,     -- Monday of the ISO week
        s.model_version,
        s.n_sentences
    from units as u
    join scores as s on s.unit_id = u.unit_id and s.unit_hash = u.unit_hash
    where u.eligible
)
select * from final
