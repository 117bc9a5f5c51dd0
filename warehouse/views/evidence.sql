-- The words behind the index: every hostile sentence of every flagged unit, with its
-- scores, cues and where it was published (methodology §6.9 rdi_evidence).
-- grain: unit, target, sentence. inputs: unit_flags, scored_units, sentence_scores,
-- sentences, statements.
create or replace view evidence as
with flagged as (
    select f.unit_id, f.model_version, f.target, f.severity_max
    from unit_flags as f
    join scored_units as u using (unit_id, model_version)
    where f.hostile
),
hostile_sentences as (
    select ss.*, se.text as sentence, se.start_char, se.end_char
    from sentence_scores as ss
    join sentences as se using (unit_id, model_version, idx)
    where ss.nationalist and (ss.history or ss.territory)
),
final as (
    select
        u.unit_id,
        u.statement_id,
        st.url,
        u.unit_date as date,
        strftime(u.month, '%Y-%m') as month,  -- YYYY-MM
        u.country as actor,
        u.channel,
        u.source,
        u.tier,
        u.speaker,
        u.lang,
        st.title,
        f.target,
        h.idx as sentence_idx,
        h.sentence,
        h.severity,
        f.severity_max,
        h.p_history,
        h.p_territory,
        h.p_nationalist,
        h.p_conciliatory,
        h.p_nationalist * greatest(h.p_history, h.p_territory) as score,
        concat_ws(';',
            case when h.history then 'history' end,
            case when h.territory then 'territory' end,
            case when h.nationalist then 'nationalist' end,
            case when h.conciliatory then 'conciliatory' end) as labels,
        array_to_string(h.cues, ';') as cues,
        f.model_version
    from flagged as f
    join scored_units as u using (unit_id, model_version)
    join statements as st on st.statement_id = u.statement_id
    join hostile_sentences as h
        on h.unit_id = f.unit_id and h.model_version = f.model_version
        and h.target = f.target
)
select * from final
