-- For each dimension value: how many durations, their exact sum, and only the order
-- statistics percentile_cont interpolates between (the k-th smallest values at positions
-- floor(p * (n - 1)) + 1 and ceil(p * (n - 1)) + 1) plus the largest. dbops interpolates
-- them in exact decimal arithmetic, so p50/p95/p99 come out the same to the last digit on
-- PostgreSQL, MariaDB and MySQL 8 (which has no percentile_cont). NULL durations are
-- ignored, as percentile_cont ignores them.
-- PostgreSQL picks the k-th smallest values with one ordered-set aggregate per group, as
-- the seed's own percentile_cont does (no window over every row): percentile_disc(f)
-- returns the value at position ceil(f * n), so f = (k - 0.5) / n picks position k
-- exactly. The group's n must be known inside the aggregate, hence the count first.
-- {positions}: the positions wanted and {fractions} the matching f, array expressions over n.
WITH sample AS MATERIALIZED (
    SELECT CAST({dimension} AS text) AS dim,
           {value} AS v
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
      AND {value} IS NOT NULL
), counts AS (
    SELECT COALESCE(dim, '') AS k, dim IS NULL AS no_dim, count(*) AS n
    FROM sample
    GROUP BY 1, 2
), picked AS (
    SELECT s.dim, c.n, sum(s.v) AS total, {positions} AS positions,
           percentile_disc({fractions}) WITHIN GROUP (ORDER BY s.v) AS vals
    FROM sample AS s
    JOIN counts AS c ON c.k = COALESCE(s.dim, '') AND c.no_dim = (s.dim IS NULL)
    GROUP BY s.dim, c.n
)
SELECT picked.dim, picked.n, picked.total, o.rn, o.v
FROM picked, unnest(picked.positions, picked.vals) AS o(rn, v)
