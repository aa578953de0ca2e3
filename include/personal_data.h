/* A person's own data: the export and the deletion (anonymisation) that
 * UU 27/2022 gives them (personal_data.c). */
#ifndef SIDAKERD_PERSONAL_DATA_H
#define SIDAKERD_PERSONAL_DATA_H

struct req;

void personal_data_export(struct req *r);
void personal_data_delete(struct req *r);

#endif
