-- A round trip and nothing else: the connection check's latency.
SELECT 1
