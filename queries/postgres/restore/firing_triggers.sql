-- The triggers of table $1 (a qualified name) that would fire while restore --table
-- reloads it — every enabled trigger but the internal ones behind foreign keys — and the
-- mode each is enabled in (O origin, A always, R replica), to enable it again as it was.
SELECT t.tgname AS name, t.tgenabled::text AS mode
FROM pg_trigger t
WHERE t.tgrelid = to_regclass($1)
  AND NOT t.tgisinternal
  AND t.tgenabled <> 'D'
ORDER BY t.tgname
