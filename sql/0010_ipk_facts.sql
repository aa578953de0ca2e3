-- 0010: the facts the IPK tables group people by (gender, birth date,
-- schooling, the occupation sought), copied onto the card and placement rows
-- they count and kept equal to the person's by triggers.  Counting a month
-- then reads one index instead of looking every row's person up: at a
-- province's size (8,000 cards in, 8,000 out and 18,000 placements a month)
-- the lookups were three quarters of recounting a month after a write.
-- The person stays the one truth: every change of these four facts is
-- copied at once, in the same statement's transaction.
ALTER TABLE card ADD COLUMN ipk_female INTEGER;
ALTER TABLE card ADD COLUMN ipk_birth_date TEXT;
ALTER TABLE card ADD COLUMN ipk_education TEXT;
ALTER TABLE card ADD COLUMN ipk_kbji TEXT;        -- first preference, NULL when none
ALTER TABLE placement ADD COLUMN ipk_female INTEGER;
ALTER TABLE placement ADD COLUMN ipk_education TEXT;

-- The copy of existing rows is not a change of what any month counts: the
-- version triggers stay out of it.
DROP TRIGGER card_touch;
DROP TRIGGER placement_touch;
UPDATE card SET ipk_female = s.gender = 'F', ipk_birth_date = s.birth_date, ipk_education = s.education_level,
  ipk_kbji = s.preferred_kbji ->> '$[0]' FROM seeker s WHERE s.id = card.seeker_id;
-- People not in the register keep their own facts on the placement.
UPDATE placement SET ipk_female = IFNULL((SELECT gender FROM seeker WHERE id = placement.seeker_id), gender) = 'F',
  ipk_education = IFNULL((SELECT education_level FROM seeker WHERE id = placement.seeker_id), education_level);
CREATE TRIGGER card_touch AFTER UPDATE ON card BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'card', 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month UNION SELECT NEW.in_month UNION SELECT NEW.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER placement_touch AFTER UPDATE ON placement BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'placement', 1 FROM (SELECT OLD.ipk_month AS m UNION
    SELECT NEW.ipk_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;

-- One update of a new card sets both its months (as 0005's trigger did) and
-- its facts: each update of a row rewrites it and its index entries.
DROP TRIGGER card_in_month;
CREATE TRIGGER card_in_month AFTER INSERT ON card BEGIN
  UPDATE card SET in_month = max(substr(NEW.issued_on, 1, 7), (SELECT month FROM ipk_open_month)),
    out_month = CASE WHEN NEW.ended_on IS NULL THEN NULL
                ELSE max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month)) END,
    (ipk_female, ipk_birth_date, ipk_education, ipk_kbji) = (SELECT s.gender = 'F', s.birth_date,
    s.education_level, s.preferred_kbji ->> '$[0]' FROM seeker s WHERE s.id = NEW.seeker_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER card_ipk_facts_moved AFTER UPDATE OF seeker_id ON card BEGIN
  UPDATE card SET (ipk_female, ipk_birth_date, ipk_education, ipk_kbji) = (SELECT s.gender = 'F', s.birth_date,
    s.education_level, s.preferred_kbji ->> '$[0]' FROM seeker s WHERE s.id = NEW.seeker_id) WHERE id = NEW.id;
END;
DROP TRIGGER placement_month;
CREATE TRIGGER placement_month AFTER INSERT ON placement BEGIN
  UPDATE placement SET ipk_month = max(substr(NEW.start_date, 1, 7), (SELECT month FROM ipk_open_month)),
    ipk_female = IFNULL((SELECT gender FROM seeker WHERE id = NEW.seeker_id), NEW.gender) = 'F',
    ipk_education = IFNULL((SELECT education_level FROM seeker WHERE id = NEW.seeker_id), NEW.education_level)
  WHERE id = NEW.id;
END;
CREATE TRIGGER placement_ipk_facts_changed AFTER UPDATE OF seeker_id, gender, education_level ON placement BEGIN
  UPDATE placement SET ipk_female = IFNULL((SELECT gender FROM seeker WHERE id = NEW.seeker_id), NEW.gender) = 'F',
    ipk_education = IFNULL((SELECT education_level FROM seeker WHERE id = NEW.seeker_id), NEW.education_level)
  WHERE id = NEW.id;
END;
CREATE TRIGGER seeker_ipk_facts AFTER UPDATE OF gender, birth_date, education_level, preferred_kbji ON seeker
WHEN OLD.gender IS NOT NEW.gender OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.education_level IS NOT NEW.education_level OR OLD.preferred_kbji IS NOT NEW.preferred_kbji BEGIN
  UPDATE card SET ipk_female = NEW.gender = 'F', ipk_birth_date = NEW.birth_date, ipk_education = NEW.education_level,
    ipk_kbji = NEW.preferred_kbji ->> '$[0]' WHERE seeker_id = NEW.id;
  UPDATE placement SET ipk_female = NEW.gender = 'F', ipk_education = NEW.education_level WHERE seeker_id = NEW.id;
END;

-- The months' indexes carry the facts, so counting never leaves them.
DROP INDEX card_in_month;
CREATE INDEX card_in_month ON card(in_month, seeker_id, issued_on, replaces_card_id, ipk_female, ipk_birth_date,
  ipk_education, ipk_kbji);
DROP INDEX card_out_month;
CREATE INDEX card_out_month ON card(out_month, state, seeker_id, ended_on, ipk_female, ipk_birth_date, ipk_education,
  ipk_kbji) WHERE out_month IS NOT NULL;
DROP INDEX placement_month;
CREATE INDEX placement_month ON placement(ipk_month, placement_kind, ipk_female, ipk_education, employer_type,
  card_id, start_date);
