-- Eligible units (official words, originals, dated) scored by the current model as they
-- read now. The denominator of every trend and of the index.
-- grain: unit. inputs: model_scored_units, current_model.
create or replace view scored_units as
with final as (
    select
        unit_id,
        statement_id,
        turn_idx,
        source,
        channel,
        country,
        tier,
        lang,
        speaker,
        unit_date,
        month,                                             -- first day of the month
        week,                                              -- Monday of the ISO week
        model_version,
        n_sentences
    from model_scored_units
    where model_version = (select model_version from current_model)
)
select * from final
