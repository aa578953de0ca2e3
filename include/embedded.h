/* Files embedded into the binary at build time (sql/embed.sh). */
#ifndef SIDAKERD_EMBEDDED_H
#define SIDAKERD_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	int version; /* migrations: the number in the file name */
	const char *name;
	const char *start, *end;
};

extern const struct embedded_file embedded_migrations[];
extern const size_t embedded_migrations_count;
extern const struct embedded_file embedded_wilayah; /* sql/ref/wilayah.tsv */
extern const struct embedded_file embedded_dashboard[]; /* the files of contrib/dashboard */
extern const size_t embedded_dashboard_count;
extern const struct embedded_file embedded_account[]; /* contrib/account: pages e-mailed links open */
extern const size_t embedded_account_count;
extern const struct embedded_file embedded_portal[]; /* contrib/portal: the organisations' portal */
extern const size_t embedded_portal_count;
extern const struct embedded_file embedded_app[]; /* contrib/app: the job seekers' web app */
extern const size_t embedded_app_count;

#endif
