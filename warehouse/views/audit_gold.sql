-- The final human labels of every audited unit and how they were reached:
--   adjudicated  a third coder decided (audit_adjudications);
--   agreed       two or more coders gave identical labels on all six fields;
--   pending      coders disagree and nobody has adjudicated yet;
--   single       only one coder so far;  uncoded  no coder yet;
--   dropped      gone from units (its statement withdrawn, or rebuilt without that turn) before
--                two coders coded it: no packet can carry it any more, so it leaves the
--                round's denominators (dropped_reason says why) and the round can complete.
--                The others keep their weights 1 / incl_prob: a unit withdrawn at random
--                within its stratum shrinks the stratum and its sample alike. A unit gone
--                after two codings stays pending, agreed or adjudicated: the coders saw it.
-- human_hostile = nationalist and (history or territory) with a target: the human
-- counterpart of the tagger's unit flag (unit_flags.hostile).
-- grain: unit (audit_sample). inputs: audit_sample, audit_codings, audit_adjudications, units,
-- statements.
create or replace view audit_gold as
with codings as (
    select
        unit_id,
        count(*) as n_coders,
        count(distinct concat_ws('|', history, territory, nationalist, conciliatory,
                                 coalesce(target, '-'), severity)) as n_distinct,
        any_value(history) as history,
        any_value(territory) as territory,
        any_value(nationalist) as nationalist,
        any_value(conciliatory) as conciliatory,
        any_value(target) as target,
        any_value(severity) as severity
    from audit_codings
    group by unit_id
),
final as (
    select
        s.unit_id,
        s.audit_round,
        s.lang,
        s.country,
        s.channel,
        s.channel_type,
        s.stratum,
        s.incl_prob,
        s.machine_hostile,
        coalesce(c.n_coders, 0) as n_coders,
        case
            when a.unit_id is not null then 'adjudicated'
            when c.n_coders >= 2 and c.n_distinct = 1 then 'agreed'
            when c.n_coders >= 2 then 'pending'
            when u.unit_id is null then 'dropped'
            when c.n_coders = 1 then 'single'
            else 'uncoded'
        end as status,
        case
            when a.unit_id is not null or coalesce(c.n_coders, 0) >= 2 or u.unit_id is not null then null
            when st.statement_id is null then 'statement gone from the warehouse (withdrawn or deleted upstream)'
            else 'unit gone from its statement (rebuilt without that turn)'
        end as dropped_reason,
        case when a.unit_id is not null then a.history else c.history end as history,
        case when a.unit_id is not null then a.territory else c.territory end as territory,
        case when a.unit_id is not null then a.nationalist else c.nationalist end as nationalist,
        case when a.unit_id is not null then a.conciliatory else c.conciliatory end as conciliatory,
        case when a.unit_id is not null then a.target else c.target end as target,
        case when a.unit_id is not null then a.severity else c.severity end as severity
    from audit_sample as s
    left join codings as c using (unit_id)
    left join audit_adjudications as a using (unit_id)
    left join units as u using (unit_id)
    left join statements as st on st.statement_id = regexp_replace(s.unit_id, '#t[0-9]+$', '')
)
select
    * exclude (history, territory, nationalist, conciliatory, target, severity),
    case when status in ('adjudicated', 'agreed') then history end as history,
    case when status in ('adjudicated', 'agreed') then territory end as territory,
    case when status in ('adjudicated', 'agreed') then nationalist end as nationalist,
    case when status in ('adjudicated', 'agreed') then conciliatory end as conciliatory,
    case when status in ('adjudicated', 'agreed') then target end as target,
    case when status in ('adjudicated', 'agreed') then severity end as severity,
    case when status in ('adjudicated', 'agreed')
        then nationalist and (history or territory) and target is not null end as human_hostile
from final
