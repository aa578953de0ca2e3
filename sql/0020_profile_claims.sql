-- 0020: claims of a profile the office already holds.  People come into the
-- store before they have an account: from the legacy AK/I register
-- (POST /v1/card-imports) and from LPK participant lists.  When one of them
-- signs up with that NIK, the account is linked to the record at once if
-- the name and birth date given agree with it; otherwise an officer decides
-- from a queue (daemon/profile_claim.c).  One claim per account and record.
CREATE TABLE profile_claim (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  seeker_id         INTEGER NOT NULL REFERENCES seeker(id) ON DELETE CASCADE,
  state             TEXT NOT NULL CHECK (state IN ('pending','linked','rejected')),
  name_given        TEXT NOT NULL,
  birth_date_given  TEXT,                -- YYYY-MM-DD, NULL when not given
  name_agrees       INTEGER NOT NULL,
  birth_date_agrees INTEGER NOT NULL,
  note              TEXT,                -- the officer's, told to the person
  decided_by        INTEGER REFERENCES account(id),  -- NULL: linked on agreement
  created_at        INTEGER NOT NULL,
  decided_at        INTEGER,
  UNIQUE (account_id, seeker_id)
);
CREATE INDEX profile_claim_state ON profile_claim(state, id);
