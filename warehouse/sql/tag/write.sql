-- Replace one batch's sentences, scores, unit scores and flags for $model_version.
-- inputs: tag_sentences_arrow, tag_units_arrow (registered by pipeline/tag.py).
create or replace temp table tag_batch as
select * from tag_units_arrow
;

delete from sentences
where model_version = $model_version and unit_id in (select unit_id from tag_batch)
;

delete from sentence_scores
where model_version = $model_version and unit_id in (select unit_id from tag_batch)
;

delete from unit_flags
where model_version = $model_version and unit_id in (select unit_id from tag_batch)
;

delete from unit_scores
where model_version = $model_version and unit_id in (select unit_id from tag_batch)
;

insert into sentences
select unit_id, $model_version, idx, start_char, end_char, text
from tag_sentences_arrow
;

insert into sentence_scores
select
    unit_id, $model_version, idx, p_history, p_territory, p_nationalist, p_conciliatory,
    history, territory, nationalist, conciliatory, target, severity, cues
from tag_sentences_arrow
;

insert into unit_scores
select unit_id, $model_version, unit_hash, n_sentences, $now::timestamptz
from tag_batch
;

-- A sentence without a target inherits the unit's dominant target (methodology §6.2;
-- the Q&A question is already the tagger's context).
insert into unit_flags
with s as (
    select * from tag_sentences_arrow
),
dominant as (
    select unit_id, first(target order by n desc, target) as dominant_target
    from (
        select unit_id, target, count(*) as n
        from s where target is not null group by all
    )
    group by unit_id
),
resolved as (
    select s.*, coalesce(s.target, d.dominant_target) as eff_target
    from s left join dominant as d using (unit_id)
),
final as (
    select
        unit_id,
        $model_version as model_version,
        eff_target as target,
        count(*)::integer as n_sentences,
        bool_or(nationalist and (history or territory)) as hostile,
        coalesce(max(severity) filter (where nationalist and (history or territory)), 0)
            as severity_max,
        bool_or(conciliatory and (history or territory)) as conciliatory,
        bool_or(history) as history,
        bool_or(territory) as territory,
        bool_or(nationalist) as nationalist,
        max(p_nationalist * greatest(p_history, p_territory)) as score_max
    from resolved
    where eff_target is not null
    group by unit_id, eff_target
)
select * from final
