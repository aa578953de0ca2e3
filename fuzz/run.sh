#!/bin/sh
# Runs fuzz targets from build/fuzz for SECONDS each, starting from the
# checked-in seeds in fuzz/corpus/<target>.  New inputs go to a scratch
# directory (the seeds stay as they are); a crash leaves its input in
# build/fuzz/crash-<target>-* and makes this script fail.
#   sh fuzz/run.sh SECONDS [TARGET...]
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift
[ $# -gt 0 ] || set -- $(cd build/fuzz && ls fuzz_* 2>/dev/null | grep -v '\.' )
status=0
for name in "$@"; do
	scratch=$(mktemp -d)
	mkdir -p "fuzz/corpus/$name"
	if "build/fuzz/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="build/fuzz/crash-$name-" -print_final_stats=1 "$scratch" "fuzz/corpus/$name" \
		> "build/fuzz/$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/$name.log")
		echo "$name: ${runs:-?} inputs in ${seconds} s, no crash"
	else
		echo "$name: FAILED (see build/fuzz/$name.log)"
		tail -40 "build/fuzz/$name.log"
		status=1
	fi
	rm -rf "$scratch"
done
exit $status
