-- The model whose scores the index uses: the current_model view (most eligible units
-- covered; ties: the most recently tagged). inputs: current_model.
select model_version from current_model
