-- The words behind the index: every hostile sentence of every flagged unit the latest index
-- release counted, with its scores, cues and where it was published, as kept with that
-- release (methodology §6.9 rdi_evidence; written by rdi index, sql/index/evidence.sql), so
-- it matches index_monthly whatever was loaded or tagged since.
-- grain: unit, target, sentence. inputs: index_evidence, index_releases.
create or replace view evidence as
with latest as (
    select release_id from index_releases order by release_id desc limit 1
),
final as (
    select
        e.unit_id,
        e.statement_id,
        e.url,
        e.date,
        strftime(e.month, '%Y-%m') as month,  -- YYYY-MM
        e.actor,
        e.channel,
        e.source,
        e.tier,
        e.speaker,
        e.lang,
        e.title,
        e.question,
        e.target,
        e.sentence_idx,
        e.sentence,
        e.severity,
        e.severity_max,
        e.p_history,
        e.p_territory,
        e.p_nationalist,
        e.p_conciliatory,
        e.score,
        e.labels,
        e.cues,
        e.model_version
    from index_evidence as e
    join latest using (release_id)
)
select * from final
