-- Human-vs-machine check (methodology §6.6 step 5): per actor, the correlation of the
-- quarterly human-coded hostile share with the machine share, over the quarters up to
-- the report month. grain: actor. params: $quarter (e.g. 2026Q4).
-- inputs: audit_quarterly (actor, quarter, human_share, machine_share).
select
    actor,
    corr(human_share, machine_share) as correlation,
    count(*) filter (where human_share is not null and machine_share is not null)::integer
        as quarters,
    min(cast("quarter" as varchar)) as first_quarter,
    max(cast("quarter" as varchar)) as last_quarter
from audit_quarterly
where cast("quarter" as varchar) <= $quarter
group by actor
order by case actor when 'KR' then 1 when 'JP' then 2 when 'US' then 3 else 4 end
