#!/usr/bin/env python3
"""The store seam (DESIGN.md, include/store.h): SQL lives in the store files.

Outside daemon/*_store.c, daemon/store.c, daemon/writer.c, daemon/checkpointer.c
and sql/, no C file or header may name SQLite (sqlite3.h, sqlite3_*) or hold a
string literal that starts an SQL statement; include/store_sql.h, the store
files' own header, is the one header that may.  `struct dbconn` is defined in
that header only, so that everything else holds it as an opaque pointer.

Prints each finding as file:line: message and exits 1 when there is one.
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

STORE_FILES = {"daemon/store.c", "daemon/writer.c", "daemon/checkpointer.c", "include/store_sql.h"}

SQLITE = re.compile(r"\bsqlite3")
# A string literal whose text starts an SQL statement (the way every
# statement of the code base is written: one literal per line, concatenated).
SQL_START = re.compile(
    r'"\s*(SELECT|INSERT|UPDATE|DELETE\s+FROM|WITH\s+\w+|REPLACE|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|'
    r'RELEASE|CREATE|DROP|ALTER|VACUUM|ANALYZE)\b[^"]*"')
DBCONN_DEF = re.compile(r"\bstruct\s+dbconn\s*\{")


def is_store(path):
    return path in STORE_FILES or re.fullmatch(r"daemon/\w+_store\.c", path) is not None


def without_comments(text):
    """The text with its comments blanked (line numbers kept): a comment may
    speak of SQLite and quote SQL."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def findings(path, text):
    out = []
    for n, code in enumerate(without_comments(text).splitlines(), 1):
        if DBCONN_DEF.search(code) and path != "include/store_sql.h":
            out.append(f"{path}:{n}: struct dbconn is defined in include/store_sql.h only")
        if is_store(path):
            continue
        if '"store_sql.h"' in code:
            out.append(f"{path}:{n}: store_sql.h is for the store files; include store.h")
        elif SQLITE.search(code):
            out.append(f"{path}:{n}: SQLite named outside the store files")
        elif SQL_START.search(code) and not re.search(r'"(GET|POST|PUT|PATCH|DELETE)"', code):
            out.append(f"{path}:{n}: SQL outside the store files")
    return out


def main():
    os.chdir(ROOT)
    files = sorted(glob.glob("daemon/*.c") + glob.glob("include/*.h"))
    found = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            found += findings(path, f.read())
    if found:
        print("\n".join(found))
        print(f"check_seam: {len(found)} problem(s)")
        return 1
    stores = sum(1 for p in files if is_store(p))
    print(f"check_seam: {len(files)} files, SQL and SQLite only in the {stores} store files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
