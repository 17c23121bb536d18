-- After running what pg_restore wrote for a table's definition in the restore's own
-- session: back to the session's own settings for everything its header changed (dbops
-- then takes pg_catalog out of the search_path again, so it is searched first, as every
-- session of its starts).
RESET client_encoding; RESET standard_conforming_strings; RESET search_path; RESET check_function_bodies;
RESET xmloption; RESET client_min_messages; RESET row_security; RESET default_tablespace;
RESET default_table_access_method
