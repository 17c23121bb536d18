-- New partitions after the last one, when the table has no MAXVALUE partition.
ALTER TABLE {table} ADD PARTITION ({definitions})
