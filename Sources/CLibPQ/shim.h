#ifndef DBOPS_CLIBPQ_SHIM_H
#define DBOPS_CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* glibc declares memfd_create only under _GNU_SOURCE, which a module header cannot set
   reliably; the symbol is in glibc since 2.27. dbops hands pg_dump and pg_restore their
   password file as an anonymous in-memory file (no path on disk that could outlive a
   killed dbops). */
#include <spawn.h>
extern int memfd_create(const char *name, unsigned int flags);
/* Likewise GNU-only (glibc 2.34): close every descriptor from `from` up in the child. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
/* Likewise GNU-only (glibc 2.29): the child's working directory as a spawn action, so a
   parent with many threads never changes its own (the tests start processes that way). */
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
static inline int dbops_memfd_create(const char *name) { return memfd_create(name, 0); }
#endif
