-- Rows of the vintage's latest release for months before $cutoff (frozen within a vintage,
-- METHODOLOGY §10); none when the vintage has no release yet.
-- grain: month x actor x target. inputs: index_releases, index_values.
select v.*
from index_values as v
where v.release_id = (select max(r.release_id) from index_releases as r where r.vintage = $vintage)
    and v.month < $cutoff
