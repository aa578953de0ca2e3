/* The region reference table (Kepmendagri 2025 codes, dotted: 32.77.01.1001). */
#ifndef SIDAKERD_REGION_STORE_H
#define SIDAKERD_REGION_STORE_H

struct dbconn;

/* 1 and its level (1 province … 4 kelurahan/desa) and parent, 0 unknown, -1 error. */
int region_lookup(struct dbconn *db, const char *code, int *level, char parent[32]);

/* {"parent": {code, name, level}, "items": [the regions directly under it,
 * by code]}: 1, 0 when there is no such region, -1. */
#include <jansson.h>
int region_store_children(struct dbconn *db, const char *parent, json_t **out);

#endif
