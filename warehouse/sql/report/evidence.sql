-- The evidence of the report month: every hostile sentence of every flagged official
-- unit the release counted, with where and by whom it was said, its cues and label probabilities, and the
-- reporter's question it answered (context only, never scored).
-- grain: unit, target, sentence. params: $month (YYYY-MM). inputs: evidence.
select
    e.actor,
    e.target,
    e.unit_id,
    e.date,
    e.channel,
    e.source,
    e.tier,
    e.speaker,
    e.lang,
    e.title,
    e.url,
    e.sentence_idx,
    e.sentence,
    e.labels,
    e.severity,
    e.p_history,
    e.p_territory,
    e.p_nationalist,
    e.p_conciliatory,
    e.score,
    e.cues,
    e.question
from evidence as e
where e.month = $month
order by case e.actor when 'KR' then 1 when 'JP' then 2 when 'US' then 3 else 4 end,
    e.target, e.date, e.unit_id, e.sentence_idx
