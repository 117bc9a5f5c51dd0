-- The evidence of release $release_id: every hostile sentence of every unit it counted as
-- flagged, i.e. eligible units scored by $model_version as they read now (model_scored_units,
-- as in cells.sql), with where and by whom it was said. Only sentences some published cell of
-- the release counts (METHODOLOGY §1, §6.5): a target with a channel row of its own, or a
-- partner target ($all_targets) of the channel's ALL row; never the actor itself nor 'other',
-- which no index row counts. A channel's months before $cutoff whose row is frozen from the
-- vintage's previous release (METHODOLOGY §10, index/frozen_channel_values.sql) keep that
-- release's evidence, as they keep its counts. Run after the release's channel values are
-- inserted; returns the number of rows.
-- grain: unit, target, sentence. inputs: model_scored_units, unit_flags, sentence_scores,
-- sentences, statements, index_releases, index_channel_values, index_evidence.
insert into index_evidence by name
with scored as (
    select * from model_scored_units where model_version = $model_version
),
flagged as (
    select unit_id, target, severity_max
    from unit_flags
    where model_version = $model_version and hostile
),
hostile_sentences as (
    select ss.*, se.text as sentence
    from sentence_scores as ss
    join sentences as se using (unit_id, model_version, idx)
    where ss.model_version = $model_version and ss.nationalist and (ss.history or ss.territory)
),
counted as (
    select
        u.unit_id,
        f.target,
        h.idx as sentence_idx,
        u.statement_id,
        st.url,
        u.unit_date as date,
        u.month,
        u.country as actor,
        u.channel,
        u.source,
        u.tier,
        u.speaker,
        u.lang,
        st.title,
        u.context as question,
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
        $model_version as model_version
    from flagged as f
    join scored as u using (unit_id)
    join statements as st on st.statement_id = u.statement_id
    join hostile_sentences as h on h.unit_id = f.unit_id and h.target = f.target
),
previous as (
    -- the release the frozen rows come from, if it kept its evidence (made after 0008)
    select r.release_id
    from index_releases as r
    where r.evidence_rows is not null
        and r.release_id = (select max(release_id) from index_releases
                            where vintage = $vintage and release_id < $release_id)
),
frozen as (
    -- channel rows of this release that are the previous release's (pipeline/index.py)
    select v.month, v.actor, v.channel, v.target
    from index_channel_values as v
    where v.release_id = $release_id and v.month < $cutoff
        and exists (select 1 from index_channel_values as p join previous using (release_id)
                    where (p.month, p.actor, p.channel, p.target) = (v.month, v.actor, v.channel, v.target))
),
published as (
    -- the (month, actor, channel, target) cells whose counts the release publishes: the
    -- targets of cells.sql (never the actor itself), and each partner target of an ALL row
    select v.month, v.actor, v.channel, v.target
    from index_channel_values as v
    where v.release_id = $release_id and v.target <> 'ALL'
    union
    select v.month, v.actor, v.channel, t.target
    from index_channel_values as v
    cross join (select unnest($all_targets::varchar[]) as target) as t
    where v.release_id = $release_id and v.target = 'ALL' and t.target <> v.actor
),
kept as (
    select $release_id as release_id, c.*
    from counted as c
    anti join frozen using (month, actor, channel, target)
    union all by name
    select e.* replace ($release_id as release_id)
    from index_evidence as e
    join previous using (release_id)
    semi join frozen using (month, actor, channel, target)
),
final as (
    select * from kept
    semi join published using (month, actor, channel, target)
)
select * from final
