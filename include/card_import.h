/* The routes and functions of card_import.c: POST /v1/card-imports: the office's existing AK/I register as CSV
 * (a header row, then one card per row). */
#ifndef SIDAKERD_CARD_IMPORT_H
#define SIDAKERD_CARD_IMPORT_H

#include <jansson.h>
#include <stdint.h>

struct req;

void card_import(struct req *r);

#endif
