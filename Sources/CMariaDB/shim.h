#ifndef DBOPS_CMARIADB_SHIM_H
#define DBOPS_CMARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
#endif
