-- An object is created under the sql_mode it was defined with.
SET SESSION sql_mode = ?
