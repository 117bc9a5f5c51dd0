-- First and last date of eligible units scored by $model_version (for the base period).
-- inputs: model_scored_units.
select min(unit_date), max(unit_date)
from model_scored_units
where model_version = $model_version
