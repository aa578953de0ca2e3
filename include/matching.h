/*
 * Telling the job seekers who fit about a newly published vacancy, after
 * the publication: it records a run in its own transaction
 * (matching_queue), and the run then goes through the opted-in job seekers
 * a bounded number per writer job (sql/0011_matching_runs.sql).
 */
#ifndef SIDAKERD_MATCHING_H
#define SIDAKERD_MATCHING_H

struct server;

/* On the loop thread, after a publication committed: work through what is
 * queued (does nothing while a run is already going). */
void matching_kick(struct server *srv);
/* Resumes what a stop interrupted. */
int matching_start(struct server *srv);

#endif
