-- Cost per local day and per dimension value in one pass (GROUPING SETS), summed as
-- numeric: exact at the column's precision. `rows` counts every row, `priced` the rows
-- whose cost is not NULL, `requests` the profile's request-count column summed (1 a row
-- without one). {local_day}: see dau.sql; {dimension}: the --by column.
SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' ELSE 'dimension' END AS kind,
       CASE WHEN GROUPING(day) = 0 THEN day::text ELSE dim::text END AS key,
       SUM(cost) AS cost,
       COUNT(*) AS rows,
       COUNT(cost) AS priced,
       SUM(request_count) AS requests
FROM (
    SELECT {local_day} AS day, {dimension} AS dim, {value} AS cost, {request_count} AS request_count
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
) AS rows_in_range
GROUP BY GROUPING SETS ((day), (dim))
