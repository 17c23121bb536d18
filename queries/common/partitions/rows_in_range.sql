-- Rows of the default / MAXVALUE partition that a new partition's range would take: they
-- are in the way (PostgreSQL refuses the new partition; MySQL would move them while
-- holding a lock). The same text on both engines.
SELECT COUNT(*) AS rows_in_range
FROM {partition}
WHERE {key} >= :from AND {key} < :to
