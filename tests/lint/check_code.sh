#!/bin/sh
# The code's own checks, run by make test (tests/run.sh):
#  - the store seam: SQL and SQLite only in the store files (check_seam.py);
#  - the layout: clang-format with the checked-in .clang-format;
#  - no copied blocks in daemon/ (check_copies.py).
set -u
cd "$(dirname "$0")/../.."
status=0
python3 tests/lint/check_seam.py || status=1
files=$(ls daemon/*.c include/*.h tests/api/*.c tests/api/*.h tests/unit/*.c tests/unit/*.h fuzz/*.c \
	contrib/bench/*.c contrib/bench/*.h 2>/dev/null)
if clang-format --dry-run -Werror $files; then
	echo "clang-format: $(echo "$files" | wc -w) files as .clang-format lays them out"
else
	echo "clang-format: run clang-format -i on the files above"
	status=1
fi
python3 tests/lint/check_copies.py || status=1
[ "$status" -eq 0 ] && echo "[  PASSED  ] 1 test(s)."
exit "$status"
