-- Rebuild the units of changed statements (methodology §6.1; brief contract 2), then
-- refresh every unit's eligibility. inputs: stg_changed, statements, turns,
-- statement_relations.
delete from units
where statement_id in (select statement_id from stg_changed)
;

insert into units by name
with s as (
    select * from statements
    where statement_id in (select statement_id from stg_changed)
),
t as (
    select * from turns
    where statement_id in (select statement_id from stg_changed)
),
with_context as (
    select
        t.*,
        -- the latest reporter turn before this one: the question being answered
        last_value(case when role = 'reporter' then text end ignore nulls) over (
            partition by statement_id order by idx
            rows between unbounded preceding and 1 preceding
        ) as context
    from t
),
turn_units as (
    select
        s.statement_id || '#t' || w.idx as unit_id,
        s.statement_id,
        w.idx as turn_idx,
        coalesce(w.speaker, s.speaker) as speaker,
        w.text,
        w.context,
        s.source, s.channel, s.country, s.tier, s.lang, s.event_date, s.published_date
    from with_context as w
    join s using (statement_id)
    where w.role = 'official'
),
whole_units as (
    select
        s.statement_id as unit_id,
        s.statement_id,
        null::integer as turn_idx,
        s.speaker,
        s.text,
        null::varchar as context,
        s.source, s.channel, s.country, s.tier, s.lang, s.event_date, s.published_date
    from s
    where not exists (select 1 from t where t.statement_id = s.statement_id)
),
final as (
    select
        unit_id, statement_id, turn_idx, source, channel, country, tier, lang, speaker,
        coalesce(event_date, published_date) as unit_date,
        text,
        context,
        sha256(lang || chr(31) || text || chr(31) || coalesce(context, '')) as unit_hash,
        false as eligible,
        'pending' as excluded_reason
    from (select * from turn_units union all select * from whole_units)
)
select * from final
;

update units
set eligible = x.reason is null, excluded_reason = x.reason
from (
    select
        u.unit_id,
        case
            when st.is_translation then 'translation'
            when d.statement_id is not null then 'duplicate'
            when st.text_status not in ('full', 'partial')
                -- no words: empty, or only white space (line breaks, tabs, ideographic,
                -- no-break and zero-width spaces)
                or regexp_full_match(u.text, '[\s\p{Z}\x{200B}\x{FEFF}]*') then 'no_text'
            when u.unit_date is null then 'undated'
        end as reason
    from units as u
    join statements as st using (statement_id)
    left join (
        select distinct statement_id from statement_relations where relation = 'duplicate_of'
    ) as d using (statement_id)
) as x
where units.unit_id = x.unit_id
    and (units.eligible is distinct from (x.reason is null)
         or units.excluded_reason is distinct from x.reason)
