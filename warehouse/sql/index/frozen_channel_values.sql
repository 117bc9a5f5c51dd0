-- Channel rows of the vintage's latest release for months before $cutoff (frozen within a
-- vintage, METHODOLOGY §10); none when the vintage has no release yet.
-- grain: month x actor x channel x target. inputs: index_releases, index_channel_values.
select v.*
from index_channel_values as v
where v.release_id = (select max(r.release_id) from index_releases as r where r.vintage = $vintage)
    and v.month < $cutoff
