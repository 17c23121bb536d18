-- Accounts holding privileges on the current schema or on one of its tables.
SELECT DISTINCT User AS user, Host AS host FROM mysql.db WHERE Db = DATABASE()
UNION
SELECT DISTINCT User, Host FROM mysql.tables_priv WHERE Db = DATABASE()
