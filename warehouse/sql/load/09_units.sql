-- Rebuild the units of changed statements (methodology §6.1; brief contract 2); their
-- eligibility is set by eligibility.sql. inputs: stg_changed, statements, turns.
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
