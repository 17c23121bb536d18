-- The same on PostgreSQL and MySQL/MariaDB (queries/common: no engine-specific text).
-- Parents ranked by how many children they have (InfiniteStories' "popular content":
-- heroes by their stories), with how many children carry the measure and its sum — dbops
-- divides for the exact average (AVG leaves NULLs out; so does COUNT(measure)). Only
-- parents with a child appear, as with the document's JOIN. Ties go to the key, so the
-- ranking is the same from run to run. The windows count every ranked parent and child
-- before LIMIT cuts the list.
-- {measure}: the children's measure column, or 0 when there is none.
-- {range}: the children's time in [:from, :to), or 1 = 1 for all time.
SELECT p.{key} AS parent_key,
       p.{label} AS label,
       COUNT(*) AS children,
       COUNT({measure}) AS measured,
       SUM({measure}) AS measure_sum,
       COUNT(*) OVER () AS parents,
       SUM(COUNT(*)) OVER () AS all_children
FROM {parent_table} p
JOIN {table} c ON c.{child_key} = p.{key}
WHERE {range}
GROUP BY p.{key}, p.{label}
ORDER BY children DESC, p.{key}
LIMIT :limit
