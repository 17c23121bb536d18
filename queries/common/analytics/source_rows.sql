-- The same on PostgreSQL and MySQL/MariaDB (queries/common: no engine-specific text).
-- One source table's rows of the range, as the active-user statements read them: each
-- row's local day and its user. A profile whose users are active in several tables
-- (ScriptPal: chat_messages and chat_history) gives one of these per table, joined by
-- UNION ALL, so a user active in either is one user. {local_day}: see dau.sql.
SELECT {local_day} AS day, {user} AS user_id
FROM {table}
WHERE {time} >= :from AND {time} < :to
