-- For each dimension value: how many rows (calls) and durations, their exact sum, and only
-- the order statistics percentile_cont interpolates between (positions {positions}, over
-- n) plus the largest, as latency.sql returns them. Each group's durations are collected in
-- order into one array (one sort per group, as the seed's own percentile_cont sorts) and
-- read at those positions: no window over every row. Used while the planner expects few
-- enough rows that the largest group's array stays small in memory; latency.sql otherwise.
-- NULL durations are calls, not durations.
SELECT g.dim, g.calls, g.n, g.total, o.rn, o.v
FROM (
    SELECT CAST({dimension} AS text) AS dim,
           count(*) AS calls,
           count({value}) AS n,
           sum({value}) AS total,
           array_agg({value} ORDER BY {value}) FILTER (WHERE {value} IS NOT NULL) AS sorted
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
    GROUP BY 1
) AS g
LEFT JOIN LATERAL (
    SELECT k AS rn, g.sorted[k] AS v
    FROM unnest({positions}) AS k
) AS o ON g.n > 0
