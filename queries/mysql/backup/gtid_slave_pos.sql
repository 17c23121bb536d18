-- MariaDB replica: the GTID position replicated so far.
SELECT @@gtid_slave_pos
