-- How many snapshots the store holds (retention reports what it deleted).
SELECT count(*) FROM snapshot
