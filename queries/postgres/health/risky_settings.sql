-- Settings that trade crash safety for speed and can lose or corrupt data on a crash or a
-- power failure: worth a warning wherever they are found.
SELECT name, setting, source
FROM pg_settings
WHERE (name IN ('fsync', 'full_page_writes') AND setting = 'off')
   OR (name IN ('zero_damaged_pages', 'ignore_checksum_failure') AND setting = 'on')
ORDER BY name
