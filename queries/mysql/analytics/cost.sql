-- Cost per local day and per dimension value, summed as DECIMAL: exact at the column's
-- precision. `rows` counts every row, `priced` the rows whose cost is not NULL.
-- {local_day}: see dau.sql; {dimension}: the --by column. (MySQL has no GROUPING SETS;
-- WITH ROLLUP would return every day x value pair, so this reads the range twice.)
SELECT 'day' AS kind, CAST(day AS CHAR) AS `key`, SUM(cost) AS cost, COUNT(*) AS `rows`, COUNT(cost) AS priced
FROM (
    SELECT {local_day} AS day, {value} AS cost
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
) AS rows_in_range
GROUP BY day
UNION ALL
SELECT 'dimension', CAST(dim AS CHAR), SUM(cost), COUNT(*), COUNT(cost)
FROM (
    SELECT {dimension} AS dim, {value} AS cost
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
) AS rows_in_range
GROUP BY dim
