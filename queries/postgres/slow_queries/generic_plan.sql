-- EXPLAIN a normalized statement ($1, $2 ...) with a generic plan, never its parameters' values.
SET LOCAL plan_cache_mode = force_generic_plan
