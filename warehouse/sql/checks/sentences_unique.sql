-- Contract: one row per unit x model x sentence in sentences and sentence_scores.
select unit_id, model_version, idx from sentences group by all having count(*) > 1
union all
select unit_id, model_version, idx from sentence_scores group by all having count(*) > 1
