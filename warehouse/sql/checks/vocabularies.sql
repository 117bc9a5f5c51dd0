-- Contract: closed vocabularies (countries, tiers, languages, roles, targets).
select 'statements' as t, statement_id as id from statements
where country not in ('JP', 'KR', 'US') or tier not in ('leader', 'ministry')
    or lang not in ('ja', 'ko', 'en')
union all
select 'turns', statement_id from turns where role not in ('official', 'reporter', 'moderator', 'guest')
union all
select 'unit_flags', unit_id from unit_flags where target not in ('JP', 'KR', 'US', 'KP', 'CN', 'other')
