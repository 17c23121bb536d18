-- --dry-run: how many rows a cleanup rule would delete now. The same text on both engines.
SELECT COUNT(*) AS expired
FROM {table}
WHERE {column} < :cutoff
