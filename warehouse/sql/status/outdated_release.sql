-- The latest index release if it was computed before rdi kept each release's evidence
-- (index_releases.evidence_rows, migration 0008): an upgraded warehouse until rdi index runs.
-- grain: at most one release. inputs: index_releases.
select release_id
from index_releases
where evidence_rows is null
    and release_id = (select max(release_id) from index_releases)
