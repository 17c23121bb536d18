-- For each dimension value: how many rows (calls) and durations, their exact sum, and only
-- the order statistics percentile_cont interpolates between (positions {positions}, over
-- n) plus the largest, one row per group: the positions in `rns` and their values in `vs`.
-- Each group's durations are collected in order into one array (one sort per group, as the
-- seed's own percentile_cont sorts) and read at those positions: no window over every row.
-- Used while the planner expects few enough rows that the largest group's array stays small
-- in memory; latency.sql otherwise. NULL durations are calls, not durations.
-- The groups are told apart under COLLATE "C": a deterministic collation calls two strings
-- equal only when their bytes are, so the groups are the same, and comparing bytes is the
-- cheapest sort there is (dbops orders the report itself).
SELECT g.dim, g.calls, g.n, g.total, g.rns,
       CASE WHEN g.n > 0 THEN ARRAY(SELECT g.sorted[k] FROM unnest(g.rns) WITH ORDINALITY AS o (k, i) ORDER BY i) END AS vs
FROM (
    SELECT dim, calls, n, total, sorted, {positions} AS rns
    FROM (
        SELECT CAST({dimension} AS text) COLLATE "C" AS dim,
               count(*) AS calls,
               count({value}) AS n,
               sum({value}) AS total,
               array_agg({value} ORDER BY {value}) FILTER (WHERE {value} IS NOT NULL) AS sorted
        FROM {table}
        WHERE {time} >= :from AND {time} < :to
        GROUP BY 1
    ) AS grouped
) AS g
