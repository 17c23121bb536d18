-- ... and the collation.
SET SESSION collation_connection = ?
