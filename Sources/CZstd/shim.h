#ifndef DBOPS_CZSTD_SHIM_H
#define DBOPS_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
