-- Raw bytes (binary character set) and patient network timeouts for a copying worker.
SET NAMES binary; SET SESSION net_write_timeout = 3600, net_read_timeout = 3600
