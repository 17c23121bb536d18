-- This server as a replica (no rows when it replicates from nobody).
SHOW REPLICA STATUS
