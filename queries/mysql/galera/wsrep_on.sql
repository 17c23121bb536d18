-- Whether this server runs the wsrep (Galera) provider.
SELECT @@global.wsrep_on AS wsrep_on
