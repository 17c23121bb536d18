-- For each dimension value: how many durations, their exact sum, and only the order
-- statistics percentile_cont interpolates between (the k-th smallest values at positions
-- floor(p * (n - 1)) + 1 and ceil(p * (n - 1)) + 1) plus the largest. dbops interpolates
-- them in exact decimal arithmetic, so p50/p95/p99 come out the same to the last digit on
-- PostgreSQL, MariaDB and MySQL 8 (which has no percentile_cont). NULL durations are
-- ignored, as percentile_cont ignores them, but counted as calls. MySQL sorts NULLs first,
-- so rn is counted from the first row with a duration (a group whose every duration is
-- NULL comes back as one row with v NULL). {positions}: one such test per percentile.
WITH ranked AS (
    SELECT {dimension} AS dim,
           {value} AS v,
           ROW_NUMBER() OVER (PARTITION BY {dimension} ORDER BY {value})
               - (COUNT(*) OVER (PARTITION BY {dimension}) - COUNT({value}) OVER (PARTITION BY {dimension})) AS rn,
           COUNT({value}) OVER (PARTITION BY {dimension}) AS n,
           COUNT(*) OVER (PARTITION BY {dimension}) AS calls,
           SUM({value}) OVER (PARTITION BY {dimension}) AS total
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
)
SELECT CAST(dim AS CHAR) AS dim, calls, n, total, rn, v
FROM ranked
WHERE rn = n OR {positions}
