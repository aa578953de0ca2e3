/* The routes and functions of card_register.c: GET /v1/cards: the AK/I register for officers — every card with
 * its holder, filtered by state, issue dates and kecamatan. */
#ifndef SIDAKERD_CARD_REGISTER_H
#define SIDAKERD_CARD_REGISTER_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* GET /v1/cards: the AK/I register (card_register.c). */
void card_register(struct req *r);

#endif
