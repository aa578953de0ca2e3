#!/usr/bin/env python3
"""Every answer the API tests received, validated against proto/openapi.yaml.

The API test client (tests/api/api_client.c) appends each exchange to the
file named by SIDAKERD_EXCHANGES; this reads it and checks, for each answer:
  - the path and method name an operation of the spec;
  - the status is declared for it (or a `default`);
  - the content type is one the response declares;
  - a JSON body is valid against the declared schema (JSON Schema 2020-12,
    with the jsonschema package; $refs resolve inside the spec);
  - a list page is honest about what follows (paging(): fewer items than the
    limit means next_cursor null, a cursor only with a full page).
Answers to requests the tests made malformed on purpose are answers like any
other: their error envelopes are validated.

Usage: check_answers.py SPEC EXCHANGES [--all]
It also fails when an operation of the spec received no request from any test.
Prints one line per distinct mismatch (route, status, the failing path) and a
cmocka-style summary for tests/run.sh.  --all lists every mismatch instead of
the first few of each kind.
"""
import json
import re
import sys

import jsonschema
import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head")


def load_spec(path):
    with open(path) as f:
        return yaml.safe_load(f)


def path_matchers(spec):
    """(regex, template) for every path, literal segments before parameters."""
    out = []
    for template in spec["paths"]:
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        literal = len(re.sub(r"\{[^/]+?\}", "", template))
        out.append((re.compile(pattern), template, literal))
    out.sort(key=lambda m: -m[2])
    return out


def find_operation(spec, matchers, method, path):
    plain = path.split("?", 1)[0]
    for regex, template, _ in matchers:
        if regex.match(plain):
            item = spec["paths"][template]
            op = item.get("get" if method == "HEAD" else method.lower())
            return template, op
    return None, None


def deref(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def make_validator(spec, schema):
    """A 2020-12 validator for schema whose $refs point into the spec."""
    wrapper = dict(schema)
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        resource = Resource(contents=spec, specification=DRAFT202012)
        registry = Registry().with_resource(uri="urn:spec", resource=resource)
        wrapper = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:answer",
                   "allOf": [rebase(schema)]}
        return jsonschema.Draft202012Validator(wrapper, registry=registry,
                                               format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(spec)
        return jsonschema.Draft202012Validator(wrapper, resolver=resolver,
                                               format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def rebase(node):
    """The schema with its local $refs pointing at the spec resource."""
    if isinstance(node, dict):
        return {k: ("urn:spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#/") else rebase(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [rebase(v) for v in node]
    return node


def media_matches(declared, got):
    got = got.split(";")[0].strip().lower()
    for d in declared:
        d = d.lower()
        if d == got or d == "*/*" or (d.endswith("/*") and got.startswith(d[:-1])):
            return d
    return None


def check(spec, matchers, validators, ex, answered=None):
    """A list of (kind, message) for one exchange; the operation it answers
    goes into `answered`."""
    method, path, status = ex["method"], ex["path"], ex["status"]
    if method == "OPTIONS":
        # The router answers OPTIONS on every path it knows (204 with Allow,
        # no body), and 404 elsewhere; the spec describes this in its info.
        ok = status in (204, 404) and (status == 404 or not ex.get("length"))
        return [] if ok else [("options", f"OPTIONS {path} {status}: not 204 without a body")]
    template, op = find_operation(spec, matchers, method, path)
    where = f"{method} {template or path} {status}"
    if op is not None and answered is not None:
        answered.add(("get" if method == "HEAD" else method.lower(), template))
    if op is None:
        # 404/405 for paths or methods the spec does not have are the router's own answers.
        if status in (404, 405):
            return []
        return [("no operation", f"{where}: no such operation in the spec")]
    responses = op.get("responses", {})
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if response is None:
        return [("undeclared status", f"{where}: status not declared")]
    response = deref(spec, response)
    content = response.get("content")
    if method == "HEAD" or status == 204 or not content:
        if ex.get("length") and method != "HEAD" and status != 204 and not content:
            return [("undeclared body", f"{where}: a body of {ex['length']} bytes where none is declared")]
        return []
    media = media_matches(content.keys(), ex.get("content_type", ""))
    if media is None:
        return [("content type", f"{where}: content type {ex.get('content_type')!r} not in {sorted(content)}")]
    schema = content[media].get("schema")
    if schema is None or not media.startswith("application/json"):
        return []
    if "json" not in ex:
        return [("not json", f"{where}: the body is not JSON")]
    key = (template, method, str(status), media)
    if key not in validators:
        validators[key] = make_validator(spec, schema)
    errors = sorted(validators[key].iter_errors(ex["json"]), key=lambda e: list(e.absolute_path))
    out = []
    for e in errors[:3]:
        at = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append(("schema", f"{where}: at {at}: {e.message[:300]}"))
    return out + paging(spec, op, path, where, ex["json"])


def paging(spec, op, path, where, body):
    """A page of a list is honest about what follows: fewer items than the
    limit asked (or the operation's default) means the last page, so
    next_cursor is null; a cursor comes only with a full page."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) or "next_cursor" not in body:
        return []
    limit = None
    for param in op.get("parameters", []):
        param = deref(spec, param)
        if param.get("name") == "limit" and param.get("in") == "query":
            limit = param.get("schema", {}).get("default")
    query = dict(kv.split("=", 1) for kv in path.partition("?")[2].split("&") if "=" in kv)
    if query.get("limit", "").isdigit():
        limit = int(query["limit"])
    if limit is None:
        return []
    n, cursor = len(body["items"]), body["next_cursor"]
    if n < limit and cursor is not None:
        return [("paging", f"{where}: {n} items of a limit of {limit} (the last page) with a next_cursor")]
    if n > limit or (cursor is not None and n != limit):
        return [("paging", f"{where}: {n} items for a limit of {limit}")]
    return []


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    spec = load_spec(sys.argv[1])
    show_all = "--all" in sys.argv
    matchers = path_matchers(spec)
    validators = {}
    seen, failures, answers, answered = set(), 0, 0, set()
    with open(sys.argv[2]) as f:
        for line in f:
            if not line.strip():
                continue
            ex = json.loads(line)
            answers += 1
            for kind, message in check(spec, matchers, validators, ex, answered):
                failures += 1
                if show_all or message not in seen:
                    seen.add(message)
                    print(f"    [{ex.get('program', '?')}] {message}")
    # Every operation of the spec is called by some test: a route without one fails here.
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item and (method, path) not in answered:
                failures += 1
                print(f"    {method.upper()} {path}: no test received an answer from it")
    if failures:
        print(f"[  FAILED  ] {answers} answers checked, {failures} mismatches ({len(seen)} distinct)")
        print("[  PASSED  ] 0 test(s).")
        return 1
    print(f"[       OK ] {answers} answers checked against proto/openapi.yaml, 0 mismatches; "
          f"all {len(answered)} operations answered")
    print("[  PASSED  ] 1 test(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
