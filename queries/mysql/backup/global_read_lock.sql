-- MySQL: writes stop for the instant every worker opens its snapshot.
FLUSH TABLES WITH READ LOCK
