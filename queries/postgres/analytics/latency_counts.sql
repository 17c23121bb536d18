-- Integer durations counted by value, per dimension value: few distinct (group, duration)
-- pairs (milliseconds, seconds) make the exact percentiles, mean and maximum a hash
-- aggregate over the rows with no sort at all — dbops walks the counts in order to the
-- order statistics percentile_cont interpolates between. Used when the planner expects at
-- most {limit} pairs; more (a LIMIT of {limit} + 1 tells) and latency.sql runs instead.
-- Rows without a duration form one (group, NULL) pair: calls, not durations.
SELECT CAST({dimension} AS text) AS dim, {value} AS v, count(*) AS c
FROM {table}
WHERE {time} >= :from AND {time} < :to
GROUP BY 1, 2
LIMIT {limit_plus_one}
