-- The labels each scored unit carries, per target. Target-specific rows come from
-- unit_flags (sentence targets resolved, see tag/write.sql); target 'ANY' means the
-- label in any sentence, with or without a target.
-- grain: unit, target, label. inputs: scored_units, unit_flags, sentence_scores.
create or replace view unit_labels as
with flags as (
    select f.*
    from unit_flags as f
    join scored_units as u using (unit_id, model_version)
),
any_target as (
    select
        ss.unit_id,
        'ANY' as target,
        bool_or(ss.history) as history,
        bool_or(ss.territory) as territory,
        bool_or(ss.nationalist) as nationalist,
        bool_or(ss.conciliatory) as conciliatory,
        bool_or(ss.nationalist and (ss.history or ss.territory)) as hostile
    from sentence_scores as ss
    join scored_units as u using (unit_id, model_version)
    group by 1
),
wide as (
    select unit_id, target, history, territory, nationalist, conciliatory, hostile from flags
    union all
    select * from any_target
),
final as (
    unpivot wide
    on history, territory, nationalist, conciliatory, hostile
    into name label value carries
)
select unit_id, target, label from final where carries
