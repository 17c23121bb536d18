-- --dry-run: how many root rows the rule would archive now.
SELECT COUNT(*) AS due
FROM {table}
WHERE {condition}
