#!/usr/bin/env python3
"""The map from a route to its code: handler file, store files, test files.

Usage: route_map.py SPEC EXCHANGES [--write FILE | --check FILE]

Reads the route table (daemon/routes.c: method, pattern, handler), finds the
file that defines each handler, the store files that file calls (the
*_store.h headers it includes, whose daemon/*_store.c exist), and the test
programs that received an answer from the route (the EXCHANGES file the API
tests record, tests/run.sh).  Prints the map as a Markdown table.

--write FILE writes it (docs/ROUTES.md); --check FILE fails when FILE is not
true for this run (stale_rows: the code columns exactly, the tests named as
ones that called the route), so the map cannot go stale.  Either way it fails when a
route has no test that calls it or its handler is not found.
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_answers import find_operation, load_spec, path_matchers  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ROUTE = re.compile(r'\{METHOD_(GET|POST|PUT|PATCH|DELETE), "([^"]+)", (\w+),')
INCLUDE = re.compile(r'^#include "(\w+_store)\.h"', re.M)


def routes():
    with open("daemon/routes.c", encoding="utf-8") as f:
        return ROUTE.findall(f.read())


def handler_files():
    """handler name → the daemon file that defines it."""
    out = {}
    for path in sorted(glob.glob("daemon/*.c")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name in re.findall(r"^void (\w+)\(struct req \*r\)(?:\n\{| \{)", text, re.M):
            out[name] = path
    return out


def store_functions():
    """store file → the functions it defines for others (not static)."""
    out = {}
    for path in sorted(glob.glob("daemon/*_store.c")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names = re.findall(r"^(?!static)[a-z][\w ]*?[ *](\w+)\([^;]*?\)\n\{", text, re.M)
        out[path] = set(names)
    return out


def store_files(path, functions):
    """The store files whose functions the file at path calls."""
    with open(path, encoding="utf-8") as f:
        called = set(re.findall(r"\b(\w+)\(", f.read()))
    return sorted(p for p, names in functions.items() if p != path and names & called)


def tests_of(spec, exchanges_path):
    """(METHOD, spec path) → the test programs that received an answer."""
    matchers = path_matchers(spec)
    out = {}
    with open(exchanges_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            ex = json.loads(line)
            template, op = find_operation(spec, matchers, ex["method"], ex["path"])
            if template and op is not None:
                program = ex.get("program", "?")
                out.setdefault((ex["method"], template), set()).add(program)
    return out


# Tests that sweep every route or repeat requests a random number of times
# (floods, crashes at random moments): whether they reach a given route in a
# run is not fixed, so they are named for a route only when nothing else
# calls it.
SWEEPING = ("test_api_authz", "test_api_life", "test_api_abuse", "test_api_crash",
            "test_api_crash_retry", "test_api_http")


def own_tests(handler_path, programs, only_own=False):
    """The tests named for the handler's module (test_api_card.c for
    card_application.c); else the first few feature tests that called the
    route; else the sweeping tests that did."""
    stem = os.path.basename(handler_path)[:-2]
    own = [p for p in programs if p.startswith("test_api_") and
           (stem.startswith(p[9:]) or p[9:].startswith(stem.split("_")[0]))]
    if only_own:
        return own
    features = [p for p in programs if p not in SWEEPING]
    return own or features[:3] or programs[:3]


def table_rows(text):
    """route → (handler and store columns, the set of test files) of a map."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and " /" in cells[0]:
            out[cells[0].strip("`")] = ((cells[1], cells[2]), set(re.findall(r"`([^`]+)`", cells[3])))
    return out


def stale_rows(written, made, called):
    """What makes the written map untrue for this run.  The handler and store
    columns come from the code and must match exactly.  The tests a route has
    come from what the tests did, and the feature tests but one may reach a
    route only in some runs (a retry, a flood): so a written test must have
    called the route in this run, and every test named for the route's module
    that called it must be written, but other choices may differ."""
    old, new = table_rows(written), table_rows(made)
    out = []
    for route in sorted(set(old) | set(new)):
        if route not in old or route not in new:
            out.append(f"{route}: {'missing from' if route in new else 'no longer a route, still in'} the map")
            continue
        if old[route][0] != new[route][0]:
            out.append(f"{route}: handler or store files changed")
        everyone, own = called.get(route, (set(), set()))
        for t in sorted(old[route][1] - everyone):
            out.append(f"{route}: {t} is written as its test but did not call it")
        for t in sorted(own - old[route][1]):
            out.append(f"{route}: {t} calls it and is named for its module but is not written")
    return out


def test_file(program):
    for d in ("api", "unit"):
        if os.path.exists(f"tests/{d}/{program}.c"):
            return f"tests/{d}/{program}.c"
    return program


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    spec_path, exchanges_path = os.path.abspath(args[0]), os.path.abspath(args[1])
    mode, target = (args[2], args[3]) if len(args) >= 4 else (None, None)
    os.chdir(ROOT)
    spec = load_spec(spec_path)
    tested = tests_of(spec, exchanges_path)
    handlers = handler_files()
    functions = store_functions()
    lines = [
        "# Routes and their code",
        "",
        "Made by `tests/spec/route_map.py` in `make test` (which fails when this file is not true of",
        "the code and the run): each route of `daemon/routes.c`, the file of its handler, the store",
        "files that file calls (its SQL), and its tests: those named for its module that received an",
        "answer from it, else the first three feature tests that did (the tests that sweep every route,",
        "`test_api_authz.c` and `test_api_life.c`, call them all; `check_answers.py` fails when no test",
        "calls a route).",
        "",
        "| route | handler | store | tests |",
        "|---|---|---|---|",
    ]
    problems = []
    called = {}
    for method, pattern, handler in routes():
        path = handlers.get(handler)
        if not path:
            problems.append(f"{method} {pattern}: handler {handler} not found in daemon/")
            continue
        programs = sorted(tested.get((method, pattern), ()))
        called[f"{method} {pattern}"] = ({os.path.basename(test_file(p)) for p in programs},
                                         {os.path.basename(test_file(p)) for p in own_tests(path, programs, True)})
        if not programs:
            problems.append(f"{method} {pattern}: no test received an answer from it")
        stores = ", ".join(f"`{os.path.basename(p)}`" for p in store_files(path, functions)) or "-"
        tests = ", ".join(f"`{os.path.basename(test_file(p))}`" for p in own_tests(path, programs)) or "**none**"
        lines.append(f"| `{method} {pattern}` | `{os.path.basename(path)}` `{handler}` | {stores} | {tests} |")
    text = "\n".join(lines) + "\n"
    if mode == "--write":
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
    elif mode == "--check":
        with open(target, encoding="utf-8") as f:
            stale = stale_rows(f.read(), text, called)
        if stale:
            problems.extend(f"{target}: {s}" for s in stale)
            problems.append(f"{target} is stale: run python3 tests/spec/route_map.py {args[0]} "
                            f"build/exchanges.jsonl --write {target} (tests/run.sh keeps the exchanges there)")
    else:
        sys.stdout.write(text)
    for p in problems:
        print("    " + p)
    if problems:
        print("[  PASSED  ] 0 test(s).")
        return 1
    print(f"[       OK ] {len(routes())} routes mapped to handler, store and test files")
    print("[  PASSED  ] 1 test(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
