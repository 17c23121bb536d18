-- The drill's scratch database.
DROP DATABASE IF EXISTS {database}
