#ifndef DBOPS_CLIBPQ_SHIM_H
#define DBOPS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
