-- Server identity, uptime and role.
SELECT current_setting('server_version') AS version,
       extract(epoch FROM now() - pg_postmaster_start_time())::bigint AS uptime_seconds,
       pg_is_in_recovery() AS in_recovery,
       current_database() AS database
