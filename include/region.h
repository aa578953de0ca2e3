/* The region reference table (Kepmendagri 2025 codes, dotted: 32.77.01.1001). */
#ifndef SIDAKERD_REGION_H
#define SIDAKERD_REGION_H

/* "3277" → "32.77". */
void region_kabkota_dotted(const char *kabkota4, char out[8]);

#endif
