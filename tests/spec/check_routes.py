#!/usr/bin/env python3
"""Keeps proto/openapi.yaml and the daemon's route table in step.

Checks, each reported as one test:
  1. every route of `sidakerd --print-routes` is in the spec, and the reverse;
  2. each operation's x-roles equals the roles the router admits;
  3. every operation has an operationId, and every non-public one a 401 and a
     403 answer documented (unless all roles are admitted, then only 401);
  4. every HTTP status of the error catalogue (include/errors.h) appears in
     some documented response;
  5. x-verified-organisation marks exactly the routes on which an
     organisation must be verified and not suspended;
  6. the Idempotency-Key parameter is documented on exactly the routes that
     take it.
Prints cmocka-style summary lines for tests/run.sh.
"""
import re
import subprocess
import sys

import yaml

ALL_ROLES = {"seeker", "company", "lpk", "bkk", "officer", "admin"}


def router_routes(binary):
    out = subprocess.run([binary, "--print-routes"], check=True, capture_output=True, text=True).stdout
    routes, flags = {}, {}
    for line in out.splitlines():
        method, path, *words = line.split()
        routes[(method.lower(), path)] = {w for w in words if not w.startswith("+")}
        flags[(method.lower(), path)] = {w[1:] for w in words if w.startswith("+")}
    return routes, flags


def spec_routes(spec):
    routes = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                routes[(method, path)] = op
    return routes


def main():
    binary, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    router, router_flags = router_routes(binary)
    documented = spec_routes(spec)
    results = []

    missing = sorted(set(router) - set(documented))
    extra = sorted(set(documented) - set(router))
    results.append(("router and spec list the same routes",
                    [f"not in spec: {m.upper()} {p}" for m, p in missing] +
                    [f"not in router: {m.upper()} {p}" for m, p in extra]))

    role_errors = []
    for key, roles in router.items():
        op = documented.get(key)
        if op is None:
            continue
        spec_roles = set(op.get("x-roles", []))
        if spec_roles != roles:
            role_errors.append(f"{key[0].upper()} {key[1]}: router {sorted(roles)} spec {sorted(spec_roles)}")
    results.append(("x-roles match the router", role_errors))

    doc_errors = []
    for (method, path), op in documented.items():
        name = f"{method.upper()} {path}"
        if "operationId" not in op:
            doc_errors.append(f"{name}: no operationId")
        roles = set(op.get("x-roles", []))
        codes = set(str(c) for c in op.get("responses", {}))
        if roles != {"public"}:
            if "401" not in codes:
                doc_errors.append(f"{name}: needs an account but documents no 401")
            if roles != ALL_ROLES and "403" not in codes:
                doc_errors.append(f"{name}: admits only {sorted(roles)} but documents no 403")
    results.append(("operations document their refusals", doc_errors))

    with open("include/errors.h") as f:
        statuses = set(re.findall(r"X\(ERR_\w+, (\d{3}),", f.read()))
    used = set()
    for op in documented.values():
        used |= set(str(c) for c in op.get("responses", {}))
    unused = sorted(statuses - used - {"405"})  # 405 comes from the router, on every path
    results.append(("every error status of the catalogue is documented",
                    [f"status {s} of include/errors.h appears in no response" for s in unused]))

    standing_errors = []
    for key, flags in router_flags.items():
        op = documented.get(key)
        if op is None:
            continue
        if ("verified-organisation" in flags) != bool(op.get("x-verified-organisation")):
            standing_errors.append(f"{key[0].upper()} {key[1]}: router "
                                   f"{'needs' if 'verified-organisation' in flags else 'does not need'} "
                                   "a verified organisation, the spec says otherwise")
    results.append(("x-verified-organisation matches the router", standing_errors))

    idem_errors = []
    for key, flags in router_flags.items():
        op = documented.get(key)
        if op is None:
            continue
        documented_key = any(p.get("$ref", "").endswith("/IdempotencyKey") or p.get("name") == "Idempotency-Key"
                             for p in op.get("parameters", []))
        if ("idempotent" in flags) != documented_key:
            idem_errors.append(f"{key[0].upper()} {key[1]}: router {'takes' if 'idempotent' in flags else 'ignores'} "
                               "Idempotency-Key, the spec says otherwise")
    results.append(("Idempotency-Key documented where the router takes it", idem_errors))

    passed = 0
    for name, errors in results:
        if errors:
            print(f"[  FAILED  ] {name}")
            for e in errors:
                print(f"    {e}")
        else:
            print(f"[       OK ] {name}")
            passed += 1
    print(f"[  PASSED  ] {passed} test(s).")
    failed = len(results) - passed
    if failed:
        print(f"[  FAILED  ] {failed} test(s), listed above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
