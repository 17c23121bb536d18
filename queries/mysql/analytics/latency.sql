-- For each dimension value: how many durations, their exact sum, and only the order
-- statistics percentile_cont interpolates between (the k-th smallest values at positions
-- floor(p * (n - 1)) + 1 and ceil(p * (n - 1)) + 1) plus the largest. dbops interpolates
-- them in exact decimal arithmetic, so p50/p95/p99 come out the same to the last digit on
-- PostgreSQL, MariaDB and MySQL 8 (which has no percentile_cont). NULL durations are
-- ignored, as percentile_cont ignores them. {positions}: one such test per percentile.
WITH ranked AS (
    SELECT {dimension} AS dim,
           {value} AS v,
           ROW_NUMBER() OVER (PARTITION BY {dimension} ORDER BY {value}) AS rn,
           COUNT(*) OVER (PARTITION BY {dimension}) AS n,
           SUM({value}) OVER (PARTITION BY {dimension}) AS total
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
      AND {value} IS NOT NULL
)
SELECT CAST(dim AS CHAR) AS dim, n, total, rn, v
FROM ranked
WHERE rn = n OR {positions}
