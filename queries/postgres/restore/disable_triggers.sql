-- --disable-triggers: foreign keys and triggers do not fire while this transaction loads (needs superuser).
SET LOCAL session_replication_role = replica
