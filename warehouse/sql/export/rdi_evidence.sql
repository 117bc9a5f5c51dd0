-- rdi_evidence: every hostile sentence of every flagged unit the release counted up to
-- $month, so analysts can read what drove a month. inputs: evidence.
create or replace temp table export_rdi_evidence as
select
    unit_id,
    url,
    date,
    month,
    actor,
    channel,
    source,
    speaker,
    title,
    target,
    sentence_idx,
    sentence,
    labels,
    severity,
    round(score, 4) as score,
    cues,
    model_version
from evidence
where month <= $month
order by date, unit_id, target, sentence_idx
