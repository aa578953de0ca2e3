/*
 * The checkpointer copies the WAL's pages into the database on a thread and
 * connection of its own, so that the writer goes on committing meanwhile.
 * SQLite's automatic checkpoint runs inside the COMMIT that fills the WAL:
 * the writer, and the request whose commit it was, waited while every page
 * was copied (about 0.5 s after a 10,000-row upload at a province's size).
 * A PASSIVE checkpoint never waits for readers or the writer; what it could
 * not copy is copied the next time.
 */
#ifndef SIDAKERD_CHECKPOINTER_H
#define SIDAKERD_CHECKPOINTER_H

#include <stddef.h>

struct checkpointer;

/* Opens its own connection to the database at path; NULL on failure (err). */
struct checkpointer *checkpointer_new(const char *path, char *err, size_t errlen);
/* Asks for a checkpoint soon; never blocks (called by the writer after a
 * commit that left the WAL long). */
void checkpointer_poke(struct checkpointer *c);
/* Finishes the checkpoint under way, stops the thread, closes. */
void checkpointer_free(struct checkpointer *c);

#endif
