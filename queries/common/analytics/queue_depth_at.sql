-- The same on PostgreSQL and MySQL/MariaDB (queries/common: no engine-specific text).
-- The queue at the start of the range (:from): rows that had arrived and not yet started
-- (nor ended: a row may end without starting), and rows started and not yet ended. A row
-- with neither time set counts by its status now (still waiting, or still being worked on).
SELECT SUM(CASE WHEN {created} < :from
                 AND (COALESCE({started}, {finished}) >= :from
                      OR (COALESCE({started}, {finished}) IS NULL AND {status} IN ({waiting_statuses})))
                THEN 1 ELSE 0 END) AS waiting,
       SUM(CASE WHEN {started} < :from
                 AND ({finished} >= :from OR ({finished} IS NULL AND {status} IN ({running_statuses})))
                THEN 1 ELSE 0 END) AS running
FROM {table}
WHERE {created} < :from
