-- The server's accounts a whole-server backup recreates: every user and role but the
-- ones each installation makes for itself (root, mysql and mariadb.sys on localhost, the
-- anonymous user, PUBLIC), roles first so that grants of roles find them.
SELECT User AS user, Host AS host, is_role
FROM mysql.user
WHERE User NOT IN ('', 'PUBLIC')
  AND NOT (Host = 'localhost' AND User IN ('root', 'mysql', 'mariadb.sys'))
ORDER BY is_role DESC, User, Host
