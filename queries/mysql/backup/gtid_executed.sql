-- MySQL: the executed GTID set while writes are stopped.
SELECT @@GLOBAL.gtid_executed
