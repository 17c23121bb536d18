-- Cost per local day and dimension value, summed as DECIMAL: exact at the column's
-- precision. `rows` counts every row, `priced` the rows whose cost is not NULL, `requests`
-- the profile's request-count column summed (1 a row without one).
-- {local_day}: see dau.sql; {dimension}: the --by column. MySQL has no GROUPING SETS, so
-- the range is read once and every day x value pair returned; dbops adds them up per day
-- and per value (exactly). Reading the range twice, once per grouping, took twice as long.
SELECT 'pair' AS kind, CAST(day AS CHAR) AS day, CAST(dim AS CHAR) AS dim,
       SUM(cost) AS cost, COUNT(*) AS `rows`, COUNT(cost) AS priced, SUM(request_count) AS requests
FROM (
    SELECT {local_day} AS day, {dimension} AS dim, {value} AS cost, {request_count} AS request_count
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
) AS rows_in_range
GROUP BY day, dim
