/*
 * Placement reports (penempatan) from companies, LPK, BKK and officers: one
 * at a time, as a JSON batch, or as a CSV upload, all through one check.
 * The same placement (person, employer, start date) is recognised and kept
 * once; placing a card holder ends the card as placed; people without a
 * card are kept and counted apart.
 */
#ifndef SIDAKERD_PLACEMENT_H
#define SIDAKERD_PLACEMENT_H

struct req;

void placement_report(struct req *r);
void placement_report_batch(struct req *r);
void placement_import(struct req *r);
void placement_list(struct req *r);

#endif
