-- The first warning of the previous statement (a LOAD DATA that loaded less than it read).
SHOW WARNINGS LIMIT 1
