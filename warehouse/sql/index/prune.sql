-- Delete the index releases no reader needs any more ([index] keep_releases = "monthly",
-- the default; METHODOLOGY §10). Kept: the latest release of each vintage (the next release
-- of that vintage freezes its old months and their evidence from it, index/frozen_*.sql,
-- index/evidence.sql; the report compares a new vintage with it, report/series.sql); the
-- release before the latest in the latest's vintage (revision status, views/index_monthly.sql);
-- and the last release computed in each calendar month, UTC (the monthly release a citation
-- refers to). Run by rdi index in its transaction, after the new release is written; running
-- it again deletes nothing. Returns the release ids deleted.
-- grain: release. inputs: index_releases, index_values, index_channel_values, index_evidence.
create or replace temp table pruned_releases as
with ranked as (
    select
        release_id,
        vintage,
        row_number() over (partition by vintage order by release_id desc) as in_vintage,
        row_number() over (partition by date_trunc('month', computed_at at time zone 'UTC')
                           order by release_id desc) as in_month
    from index_releases
),
latest as (
    select vintage from index_releases order by release_id desc limit 1
),
kept as (
    select release_id
    from ranked
    where in_vintage = 1
        or (in_vintage = 2 and vintage = (select vintage from latest))
        or in_month = 1
)
select release_id from index_releases anti join kept using (release_id)
;
delete from index_evidence where release_id in (select release_id from pruned_releases)
;
delete from index_channel_values where release_id in (select release_id from pruned_releases)
;
delete from index_values where release_id in (select release_id from pruned_releases)
;
delete from index_releases where release_id in (select release_id from pruned_releases)
returning release_id
