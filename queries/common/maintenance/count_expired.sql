-- How many expired rows a cleanup rule finds now: --dry-run's rows to delete ({filter}
-- leaves out those still referenced), and after a run the rows it had to keep ({filter}
-- keeps only those). The same text on both engines.
SELECT COUNT(*) AS expired
FROM {table}
WHERE {column} < :cutoff{filter}
