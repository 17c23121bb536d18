-- For each dimension value: how many durations, their exact sum, and only the order
-- statistics percentile_cont interpolates between (the k-th smallest values at positions
-- floor(p * (n - 1)) + 1 and ceil(p * (n - 1)) + 1) plus the largest. dbops interpolates
-- them in exact decimal arithmetic, so p50/p95/p99 come out the same to the last digit on
-- PostgreSQL, MariaDB and MySQL 8 (which has no percentile_cont). NULL durations are
-- ignored, as percentile_cont ignores them, but counted as calls: a group whose every
-- duration is NULL still comes back (one row, its rn and v NULL).
-- PostgreSQL picks the k-th smallest values with one ordered-set aggregate per group, as
-- the seed's own percentile_cont does: percentile_disc(f) returns the value at position
-- ceil(f * n), so f = (k - 0.5) / n picks position k exactly. The aggregate needs the
-- group's n, counted by a window over the same sort the grouping uses (measured on 10
-- million rows: 1.1-1.3x the seed's one percentile_cont, against 2.2x for window
-- functions over every row and 1.5x for a materialized count joined back).
-- {positions}: the positions wanted and {fractions} the matching f, arrays over n.
SELECT picked.dim, picked.calls, picked.n, picked.total, o.rn, o.v
FROM (
    SELECT dim, count(*) AS calls, n, sum(v) AS total, {positions} AS positions,
           percentile_disc({fractions}) WITHIN GROUP (ORDER BY v) AS vals
    FROM (
        SELECT CAST({dimension} AS text) AS dim,
               {value} AS v,
               count({value}) OVER (PARTITION BY {dimension}) AS n
        FROM {table}
        WHERE {time} >= :from AND {time} < :to
    ) AS sample
    GROUP BY dim, n
) AS picked
LEFT JOIN LATERAL unnest(picked.positions, picked.vals) AS o(rn, v) ON n > 0
