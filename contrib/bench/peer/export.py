#!/usr/bin/env python3
"""The generated sidakerd database as tab-separated files for MariaDB's LOAD
DATA (the peer's tables, schema.sql): export.py SIDAKERD_DB OUT_DIR."""
import json
import os
import sqlite3
import sys


def field(v):
    if v is None:
        return "\\N"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def dump(db, out, name, sql):
    with open(os.path.join(out, name + ".tsv"), "w", encoding="utf-8") as f:
        for row in db.execute(sql):
            f.write("\t".join(field(v) for v in row) + "\n")


def main():
    db = sqlite3.connect(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    db.create_function("skill_words", 1, lambda s: " ".join(json.loads(s)))
    dump(db, out, "region", "SELECT code, name FROM region")
    dump(db, out, "organisation", "SELECT account_id, legal_name, employer_type FROM organisation")
    dump(db, out, "vacancy",
         "SELECT v.id, v.organisation_id, v.state, v.title, v.kbji, v.description, v.needed_men, v.needed_women, "
         "v.needed_either, v.valid_until, v.age_min, v.age_max, v.gender, v.min_education, v.education_rank, "
         "v.skills, skill_words(v.skills), v.experience_years, v.wage_min, v.wage_max, v.location_kind, "
         "v.location_code, v.kabkota_code, v.employment_type, v.work_setup, v.disability_friendly, "
         "v.organisation_listed, v.contact, v.published_at, o.legal_name "
         "FROM vacancy v JOIN organisation o ON o.account_id = v.organisation_id")
    dump(db, out, "seeker", "SELECT id, full_name FROM seeker")
    dump(db, out, "card", "SELECT id, number, number_key, seeker_id, state, valid_until FROM card")


if __name__ == "__main__":
    main()
