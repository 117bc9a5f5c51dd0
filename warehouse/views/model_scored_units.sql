-- Eligible units (official words, originals, dated) scored as they read now, per model: a
-- unit with a unit_scores row of that model for its current unit_hash. The one definition
-- of a scored unit: current_model and scored_units read it, and the index reads it for the
-- model it uses (sql/index/cells.sql, evidence.sql, span.sql).
-- grain: unit, model_version. inputs: units, unit_scores.
create or replace view model_scored_units as
with final as (
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
        u.context,                                         -- the reporter's question (Q&A turns)
        s.model_version,
        s.n_sentences,
        s.tagged_at
    from units as u
    join unit_scores as s on s.unit_id = u.unit_id and s.unit_hash = u.unit_hash
    where u.eligible
)
select * from final
