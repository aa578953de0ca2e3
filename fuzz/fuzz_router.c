/* Request paths against the route table, with every method. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[2048];
	size_t n = size < sizeof path - 1 ? size : sizeof path - 1;
	memcpy(path, data, n);
	path[n] = '\0';
	struct route_match m;
	router_match((enum http_method)(size % 5), path, &m);
	return 0;
}
