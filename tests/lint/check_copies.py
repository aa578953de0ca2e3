#!/usr/bin/env python3
"""No copied blocks: the same run of MIN_LINES statements in two places of
daemon/ (moves between handlers and store files leave such copies behind).

Lines are compared with their blanks removed; lines that carry no logic of
their own (braces, `return -1;`, `break;`, `goto fail;`, comments, includes, the
items of a list of names)
are skipped before the windows are formed, so that boilerplate never
matches.  Prints each pair as file:line and file:line, exits 1 when one is
found.
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MIN_LINES = 8
TRIVIAL = re.compile(r"^(\{|\}|\};|\}else\{|else|return(-?\d+|NULL|0|rc|n|st|out|ok)?;|break;|continue;|goto\w+;|\w+:|"
                     r"#.*|/\*.*|\*.*|//.*|\"[^\"]*\",?|NULL,?|)$")


def lines_of(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            key = re.sub(r"\s+", "", line)
            if not TRIVIAL.match(key):
                out.append((n, key))
    return out


def main():
    os.chdir(ROOT)
    seen = {}
    found = []
    for path in sorted(glob.glob("daemon/*.c")):
        lines = lines_of(path)
        reported_until = -1
        for i in range(len(lines) - MIN_LINES + 1):
            window = tuple(k for _, k in lines[i:i + MIN_LINES])
            here = (path, lines[i][0])
            first = seen.setdefault(window, here)
            if first is not here and i > reported_until:
                found.append(f"{first[0]}:{first[1]} and {path}:{lines[i][0]}: {MIN_LINES} lines alike")
                reported_until = i + MIN_LINES
    print("\n".join(found) if found else f"check_copies: no block of {MIN_LINES} lines twice in daemon/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
