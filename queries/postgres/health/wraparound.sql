-- Transaction-ID and multixact age per database; both wrap around at 2^31.
SELECT datname AS database,
       age(datfrozenxid) AS xid_age,
       mxid_age(datminmxid) AS mxid_age
FROM pg_database
WHERE datallowconn
ORDER BY age(datfrozenxid) DESC
