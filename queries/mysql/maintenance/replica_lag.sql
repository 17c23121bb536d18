-- Asked of a replica: Seconds_Behind_Master (MariaDB) / Seconds_Behind_Source (MySQL),
-- NULL while its SQL thread is stopped. No row when the server replicates from nobody.
SHOW REPLICA STATUS
