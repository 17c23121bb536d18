-- A routine, trigger or view is created under the character set it was defined with.
SET SESSION character_set_client = ?
