-- The account a whole-server restore runs as (CURRENT_USER(), the account the server
-- matched, split at its last '@': a user name may hold one, a host name not): the
-- source's account of that name is not applied to it, since its GRANT lines carry the
-- account's limits and TLS requirements (MAX_USER_CONNECTIONS 1 turned away the restore's
-- own sessions).
SELECT LEFT(CURRENT_USER(), CHAR_LENGTH(CURRENT_USER()) - CHAR_LENGTH(SUBSTRING_INDEX(CURRENT_USER(), '@', -1)) - 1) AS user,
       SUBSTRING_INDEX(CURRENT_USER(), '@', -1) AS host
