-- The auditable population of a quarter, one row per unit with its stratum (methodology §6.6):
--   G  the tagger flagged the unit hostile toward some target;
--   E  unflagged, but it mentions a partner (a JP/KR/US target other than the speaker) or one
--      of its sentences hit the history/territory lexicon (the "broad" net, GPR set E);
--   R  every other unit.
-- Eligible units dated in [$q_start, $q_end] and scored by $model_version as they read now;
-- units already audited (audit_sample) or used in training (temp table audit_exclude) are
-- left out. audit_lexicon (lang, term) is a temp table of normalised history/territory
-- lexicon terms registered by the caller.
-- grain: unit. inputs: units, unit_scores, unit_flags, sentence_scores, audit_sample,
-- audit_exclude, audit_lexicon.
with scored as (
    select u.unit_id, u.lang, u.country, u.channel, u.tier as channel_type
    from units as u
    join unit_scores as s
        on s.unit_id = u.unit_id and s.model_version = $model_version and s.unit_hash = u.unit_hash
    where u.eligible
        and u.unit_date between $q_start and $q_end
        and u.unit_id not in (select unit_id from audit_sample)
        and u.unit_id not in (select unit_id from audit_exclude)
),
flags as (
    select
        f.unit_id,
        bool_or(f.hostile) as hostile,
        arg_max(f.target, f.score_max) filter (where f.hostile) as machine_target,
        coalesce(max(f.severity_max) filter (where f.hostile), 0) as machine_severity,
        bool_or(f.target in ('JP', 'KR', 'US') and f.target <> sc.country) as partner
    from unit_flags as f
    join scored as sc using (unit_id)
    where f.model_version = $model_version
    group by f.unit_id
),
cues as (
    select ss.unit_id, sc.lang, lower(replace(unnest(ss.cues), ' ', '')) as term
    from sentence_scores as ss
    join scored as sc using (unit_id)
    where ss.model_version = $model_version
),
lexicon_hits as (
    select distinct c.unit_id
    from cues as c
    join audit_lexicon as l on l.lang = c.lang and l.term = c.term
),
final as (
    select
        sc.unit_id,
        sc.lang,
        sc.country,
        sc.channel,
        sc.channel_type,
        case
            when coalesce(f.hostile, false) then 'G'
            when coalesce(f.partner, false) or lh.unit_id is not null then 'E'
            else 'R'
        end as stratum,
        coalesce(f.hostile, false) as machine_hostile,
        f.machine_target,
        coalesce(f.machine_severity, 0)::tinyint as machine_severity
    from scored as sc
    left join flags as f using (unit_id)
    left join lexicon_hits as lh using (unit_id)
)
select * from final
order by lang, stratum, unit_id
