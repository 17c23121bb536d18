-- WAL archiving (pg_stat_archiver): whether the last attempt failed, and how old the last
-- successful archive is. Segments still waiting are counted from archive_status (.ready).
SELECT current_setting('archive_mode') AS archive_mode,
       a.archived_count,
       a.failed_count,
       a.last_archived_wal,
       a.last_failed_wal,
       round(extract(epoch FROM now() - a.last_archived_time)::numeric) AS last_archived_age_seconds,
       a.last_failed_time IS NOT NULL
           AND (a.last_archived_time IS NULL OR a.last_failed_time > a.last_archived_time) AS failing,
       (SELECT count(*) FROM pg_ls_archive_statusdir() s WHERE s.name LIKE '%.ready') AS waiting_segments
FROM pg_stat_archiver a
