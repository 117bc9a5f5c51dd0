-- Refresh every unit's eligibility from its statement and the statement's relations
-- (a load, and loader.rebuild_relations). inputs: units, statements, statement_relations.
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
