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

-- Flags per unit x target. hostile = nationalist and (history or territory) in a sentence
-- with that target: the composite whose unit-level Se/Sp the model publishes (brief
-- contract 4). The tagger resolves targets itself (question context, speaker) and sets
-- them on framed sentences only; untargeted sentences are not attributed.
insert into unit_flags
with s as (
    select * from tag_sentences_arrow where target is not null
),
final as (
    select
        unit_id,
        $model_version as model_version,
        target,
        count(*)::integer as n_sentences,
        bool_or(nationalist and (history or territory)) as hostile,
        coalesce(max(severity) filter (where nationalist and (history or territory)), 0)
            as severity_max,
        bool_or(conciliatory and (history or territory)) as conciliatory,
        bool_or(history) as history,
        bool_or(territory) as territory,
        bool_or(nationalist) as nationalist,
        max(p_nationalist * greatest(p_history, p_territory)) as score_max
    from s
    group by unit_id, target
)
select * from final
