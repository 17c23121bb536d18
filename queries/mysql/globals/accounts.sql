-- The server's accounts a whole-server backup recreates: every user but the ones each
-- installation makes for itself (root, mysql and mariadb.sys on localhost, the anonymous
-- user), roles first so that grants of roles find them.
SELECT User AS user, Host AS host, 'N' AS is_role
FROM mysql.user
WHERE User <> ''
  AND NOT (Host = 'localhost' AND User IN ('root', 'mysql', 'mariadb.sys', 'mysql.sys', 'mysql.session', 'mysql.infoschema'))
ORDER BY User, Host
