/*
 * The outbox: messages are rows written in the same transaction as the change
 * that causes them.  A timer on the loop picks due rows, the work pool hands
 * them to mail_command (or writes .eml files into spool_dir), and the writer
 * records the outcome, retrying failures with exponential back-off.
 */
#ifndef SIDAKERD_OUTBOX_H
#define SIDAKERD_OUTBOX_H

#include <stdint.h>

struct server;

/* The delivery job on the loop. */
int outbox_start(struct server *srv);
void outbox_stop(struct server *srv);

#endif
