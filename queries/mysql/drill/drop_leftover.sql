-- A scratch database a killed drill left behind.
DROP DATABASE IF EXISTS {database}
