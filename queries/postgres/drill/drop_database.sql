-- The drill's scratch database, whatever sessions are still attached to it.
DROP DATABASE IF EXISTS {database} WITH (FORCE)
