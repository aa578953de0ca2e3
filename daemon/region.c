#include <stdio.h>
#include <string.h>

#include "region.h"

void region_kabkota_dotted(const char *kabkota4, char out[8]) { snprintf(out, 8, "%.2s.%.2s", kabkota4, kabkota4 + 2); }
