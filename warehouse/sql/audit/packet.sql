-- What a coder sees for each unit of round $audit_round: the official text, the reporter's
-- question as context, and where it comes from. Nothing of the tagger (no scores, flags,
-- targets) and not the stratum: coders code blind.
-- grain: unit. inputs: audit_sample, units, statements.
select
    a.unit_id,
    u.lang,
    u.channel,
    u.speaker,
    strftime(u.unit_date, '%Y-%m-%d') as date,
    st.url,
    coalesce(u.context, '') as context,
    u.text
from audit_sample as a
join units as u using (unit_id)
left join statements as st on st.statement_id = u.statement_id
where a.audit_round = $audit_round
order by a.unit_id
