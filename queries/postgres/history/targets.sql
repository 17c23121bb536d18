-- The targets with at least one snapshot.
SELECT DISTINCT target COLLATE "C" AS target FROM snapshot ORDER BY 1
