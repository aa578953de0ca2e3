#!/bin/sh
# Runs every test binary of each build directory given (normal, ASan+UBSan),
# then the spec checks, and ends with one line: "N passed, N failed".
set -u
passed=0
failed=0
failures=""
out=$(mktemp)
trap 'rm -f "$out"' EXIT

count() { # name, output file, exit status
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$2" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$2" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed, or a group set-up/tear-down failed
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures="$failures $1"
		sed 's/^/    /' "$2"
	fi
	printf '%-40s %3s passed %3s failed\n' "$1" "$p" "$f"
}

# The API tests of the first build record every answer they receive, for
# the contract check below (tests/spec/check_answers.py).
exchanges=$(mktemp)
trap 'rm -f "$out" "$exchanges"' EXIT
record="$exchanges"
for dir in "$@"; do
	for t in "$dir"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.o|*.d) continue ;; esac
		SIDAKERD_EXCHANGES="$record" SIDAKERD_BIN="$dir/sidakerd" "$t" > "$out" 2>&1
		count "$t" "$out" $?
	done
	record=""
done

# A short run of every fuzz target (make fuzz runs them longer).
for f in build/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	case "$f" in *.o|*.d) continue ;; esac
	name=$(basename "$f")
	if sh fuzz/run.sh "${FUZZ_TEST_SECONDS:-4}" "$name" > "$out" 2>&1; then
		echo "[  PASSED  ] 1 test(s)." >> "$out"
		count "fuzz $name (${FUZZ_TEST_SECONDS:-4} s)" "$out" 0
	else
		count "fuzz $name (${FUZZ_TEST_SECONDS:-4} s)" "$out" 1
	fi
done

# The contract: every answer the API tests received is valid against
# proto/openapi.yaml (declared status, content type, JSON Schema).
python3 tests/spec/check_answers.py proto/openapi.yaml "$exchanges" > "$out" 2>&1
status=$?
grep -h "answers checked" "$out"
count "tests/spec/check_answers.py" "$out" $status
cp "$exchanges" build/exchanges.jsonl 2>/dev/null

# The map from each route to its handler, store and test files
# (docs/ROUTES.md): made again from this run, and it must be what is checked in.
python3 tests/spec/route_map.py proto/openapi.yaml "$exchanges" --check docs/ROUTES.md > "$out" 2>&1
count "tests/spec/route_map.py (docs/ROUTES.md)" "$out" $?

# A client generated from the spec (openapi-typescript, openapi-fetch), type
# checked with tsc --strict, walks the main journeys against a live daemon.
if [ ! -d tests/client/node_modules ]; then
	(cd tests/client && npm ci --no-audit --no-fund --loglevel=error) > "$out" 2>&1
fi
if (cd tests/client && node generate.mjs && npx tsc -p .) > "$out" 2>&1; then
	SIDAKERD_BIN=build/sidakerd node tests/client/dist/journeys.js > "$out" 2>&1
	count "tests/client (generated, tsc --strict)" "$out" $?
else
	count "tests/client (generated, tsc --strict)" "$out" 1
fi

# The spec: every route of the router is in proto/openapi.yaml with the same
# roles, and the file passes Redocly's recommended rules.
python3 tests/spec/check_routes.py build/sidakerd proto/openapi.yaml > "$out" 2>&1
count "tests/spec/check_routes.py" "$out" $?
if [ ! -d tests/lint/node_modules ]; then
	(cd tests/lint && npm ci --no-audit --no-fund --loglevel=error) > "$out" 2>&1
fi
if tests/lint/node_modules/.bin/redocly lint --config tests/lint/redocly.yaml proto/openapi.yaml > "$out" 2>&1; then
	echo "[  PASSED  ] 1 test(s)." >> "$out"
	count "redocly lint proto/openapi.yaml" "$out" 0
else
	count "redocly lint proto/openapi.yaml" "$out" 1
fi

# The code: SQL only behind the store seam, clang-format, no copied blocks.
sh tests/lint/check_code.sh > "$out" 2>&1
count "tests/lint/check_code.sh" "$out" $?

# The office dashboard and the organisations' portal in a real browser (Debian's Chromium, installed by
# make deps; playwright-core from npm).
if [ -x /usr/bin/chromium ]; then
	if [ ! -d tests/browser/node_modules ]; then
		(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) > "$out" 2>&1
	fi
	SIDAKERD_BIN=build/sidakerd node tests/browser/dashboard.test.mjs > "$out" 2>&1
	count "tests/browser/dashboard.test.mjs" "$out" $?
	SIDAKERD_BIN=build/sidakerd node tests/browser/portal.test.mjs > "$out" 2>&1
	count "tests/browser/portal.test.mjs" "$out" $?
	SIDAKERD_BIN=build/sidakerd node tests/browser/app.test.mjs > "$out" 2>&1
	count "tests/browser/app.test.mjs" "$out" $?
	SIDAKERD_BIN=build/sidakerd node tests/browser/course.test.mjs > "$out" 2>&1
	count "tests/browser/course.test.mjs" "$out" $?
else
	echo "tests/browser/dashboard.test.mjs: skipped, /usr/bin/chromium missing (make deps installs it)"
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
