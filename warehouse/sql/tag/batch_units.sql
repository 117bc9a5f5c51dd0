-- The tagger's inputs for one batch: text, language and the reporter question answered.
-- inputs: units.
select unit_id, lang, text, context, unit_hash
from units
where unit_id in (select unnest($unit_ids::varchar[]))
order by unit_id
