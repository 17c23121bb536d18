-- Prepared (two-phase) transactions, oldest first: each keeps its locks and holds back
-- VACUUM's horizon until someone runs COMMIT PREPARED or ROLLBACK PREPARED.
SELECT gid,
       owner,
       database,
       round(extract(epoch FROM now() - prepared)::numeric) AS age_seconds
FROM pg_prepared_xacts
ORDER BY prepared
