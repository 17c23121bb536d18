-- Rows that ended in the range, by dimension value: how many, and how many failed.
SELECT CAST({dimension} AS text) AS dim,
       COUNT(*) AS finished,
       SUM(CASE WHEN {status} IN ({failed_statuses}) THEN 1 ELSE 0 END) AS failed
FROM {table}
WHERE {finished} >= :from AND {finished} < :to
GROUP BY 1
