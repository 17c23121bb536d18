-- One account's or role's privileges and role grants as the server writes them.
SHOW GRANTS FOR {user}@{host}
