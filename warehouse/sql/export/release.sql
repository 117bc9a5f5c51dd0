-- What the release is built from: the latest index release, its vintage and the data
-- as of the last load before it (its evidence is kept with it: index_evidence).
-- inputs: index_releases, vintages, runs, events.
select
    r.release_id,
    r.vintage,
    r.model_version,
    r.computed_at,
    r.first_month,
    r.last_month,
    r.draws,
    r.seed,
    r.error_rates,
    r.notes,
    r.evidence_rows,
    v.codebook_version,
    v.method_version,
    strftime(v.base_start, '%Y-%m') || ':' || strftime(v.base_end, '%Y-%m') as base_period,
    v.base_note,
    -- the last load committed before the index release read the warehouse (run ids are
    -- given in commit order by the single writer), not a load that came after it
    (select max(finished_at) from runs
     where kind = 'load' and status = 'ok' and run_id < r.run_id) as data_as_of,
    (select any_value(calendar_version) from events) as calendar_version
from index_releases as r
join vintages as v using (vintage)
order by r.release_id desc
limit 1
