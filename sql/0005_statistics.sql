-- 0005: placement reports from every reporter, and what the monthly IPK
-- tables and yearly indicators need: the month each flow counts in, month
-- closures with their frozen tables, yearly targets.

-- Placements: the person by NIK blind index (also people not in the
-- register, whose NIK is kept sealed), the employer by a normalised name,
-- and a rule that the same placement is never stored twice.
ALTER TABLE placement ADD COLUMN person_index BLOB;
ALTER TABLE placement ADD COLUMN nik_sealed BLOB;        -- people without a seeker row
ALTER TABLE placement ADD COLUMN employer_key TEXT;
ALTER TABLE placement ADD COLUMN gender TEXT CHECK (gender IN ('M','F'));
ALTER TABLE placement ADD COLUMN birth_date TEXT;
ALTER TABLE placement ADD COLUMN education_level TEXT;
ALTER TABLE placement ADD COLUMN reporter_role TEXT;
ALTER TABLE placement ADD COLUMN ipk_month TEXT;
UPDATE placement SET person_index = (SELECT nik_index FROM seeker WHERE id = placement.seeker_id),
  employer_key = employer_key(employer_name), reporter_role = 'company', ipk_month = substr(start_date, 1, 7);
CREATE UNIQUE INDEX placement_same ON placement(person_index, employer_key, start_date);
CREATE INDEX placement_month ON placement(ipk_month, placement_kind, seeker_id, employer_type, card_id, start_date,
  gender, education_level);
CREATE INDEX placement_seeker ON placement(seeker_id);
-- The year's indicators read these two indexes only (they replace the
-- narrower ones on the same leading column).
DROP INDEX placement_start;
CREATE INDEX placement_year ON placement(start_date, channel, card_id, seeker_id, person_index);
DROP INDEX card_issued;
CREATE INDEX card_registration ON card(issued_on, replaces_card_id);

-- A month an officer closed: its tables as they were published.  Months
-- close in order (closing one closes every earlier open month).
CREATE TABLE ipk_closure (
  month      TEXT PRIMARY KEY,       -- YYYY-MM
  closed_at  INTEGER NOT NULL,
  closed_by  INTEGER NOT NULL REFERENCES account(id),
  snapshot   TEXT NOT NULL           -- the tables as JSON
);

-- The month a flow counts in is fixed when it is recorded: its own month,
-- or, when that month is already closed, the first open month.  So a
-- closed month never changes, and a late record shows up (marked late)
-- in the month it arrived in.  Triggers set it on every write path.
ALTER TABLE card ADD COLUMN in_month TEXT;
ALTER TABLE card ADD COLUMN out_month TEXT;
UPDATE card SET in_month = substr(issued_on, 1, 7), out_month = substr(ended_on, 1, 7);
-- Covering: a month's flows read these indexes and seeker_facts, not the
-- wide rows (a table of a province's month in a few milliseconds).
CREATE INDEX card_in_month ON card(in_month, seeker_id, issued_on, replaces_card_id);
CREATE INDEX card_out_month ON card(out_month, state, seeker_id, ended_on) WHERE out_month IS NOT NULL;
CREATE INDEX seeker_facts ON seeker(id, gender, birth_date, education_level, preferred_kbji);

-- The office's clock for triggers that turn stored UTC seconds into the
-- office's month; the daemon writes its utc_offset_minutes at start.
CREATE TABLE office_clock (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  utc_offset_minutes  INTEGER NOT NULL
);
INSERT INTO office_clock VALUES (1, 420);

ALTER TABLE vacancy ADD COLUMN in_month TEXT;
ALTER TABLE vacancy ADD COLUMN out_month TEXT;
UPDATE vacancy SET in_month = strftime('%Y-%m', published_at + 60 * (SELECT utc_offset_minutes FROM office_clock),
  'unixepoch') WHERE published_at IS NOT NULL;
UPDATE vacancy SET out_month = substr(ended_on, 1, 7) WHERE ended_on IS NOT NULL AND in_month IS NOT NULL;
-- Covering, for a month's vacancy flows.
CREATE INDEX vacancy_in_month ON vacancy(in_month, needed_men, needed_women, needed_either, published_at)
  WHERE in_month IS NOT NULL;
CREATE INDEX vacancy_out_month ON vacancy(out_month, state, needed_men, needed_women, needed_either, filled_men,
  filled_women, ended_on) WHERE out_month IS NOT NULL;

-- The first month still open: the month after the newest closure.
CREATE VIEW ipk_open_month AS
  SELECT IFNULL(strftime('%Y-%m', max(month) || '-01', '+1 month'), '0000-00') AS month FROM ipk_closure;

CREATE TRIGGER card_in_month AFTER INSERT ON card BEGIN
  UPDATE card SET in_month = max(substr(NEW.issued_on, 1, 7), (SELECT month FROM ipk_open_month)),
    out_month = CASE WHEN NEW.ended_on IS NULL THEN NULL
                ELSE max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month)) END
  WHERE id = NEW.id;
END;
CREATE TRIGGER card_out_month AFTER UPDATE OF ended_on ON card
WHEN NEW.ended_on IS NOT NULL AND OLD.ended_on IS NULL BEGIN
  UPDATE card SET out_month = max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;
-- A vacancy is registered in the office's month of its publication.
CREATE TRIGGER vacancy_in_month AFTER UPDATE OF published_at ON vacancy
WHEN NEW.published_at IS NOT NULL AND OLD.published_at IS NULL BEGIN
  UPDATE vacancy SET in_month = max(strftime('%Y-%m', NEW.published_at + 60 *
    (SELECT utc_offset_minutes FROM office_clock), 'unixepoch'), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;
CREATE TRIGGER vacancy_in_month_insert AFTER INSERT ON vacancy
WHEN NEW.published_at IS NOT NULL BEGIN
  UPDATE vacancy SET in_month = max(strftime('%Y-%m', NEW.published_at + 60 *
    (SELECT utc_offset_minutes FROM office_clock), 'unixepoch'), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;
CREATE TRIGGER vacancy_out_month AFTER UPDATE OF ended_on ON vacancy
WHEN NEW.ended_on IS NOT NULL AND OLD.ended_on IS NULL AND NEW.in_month IS NOT NULL BEGIN
  UPDATE vacancy SET out_month = max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;
CREATE TRIGGER placement_month AFTER INSERT ON placement BEGIN
  UPDATE placement SET ipk_month = max(substr(NEW.start_date, 1, 7), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;

-- A counter per month that moves whenever something that month's tables
-- count changes: the daemon keeps each month's computed flows and trusts
-- them while the counter stands (ipk_cache.c).  Every write path reaches
-- these triggers, including the ones above that fix the months.
CREATE TABLE ipk_month_version (
  month  TEXT PRIMARY KEY,
  v      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER card_touch AFTER UPDATE ON card BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month UNION SELECT NEW.in_month UNION SELECT NEW.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER card_gone AFTER DELETE ON card BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
-- A person's age, gender, schooling or wish changes every month their cards count in.
CREATE TRIGGER seeker_touch AFTER UPDATE OF gender, birth_date, education_level, preferred_kbji ON seeker
WHEN OLD.gender IS NOT NEW.gender OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.education_level IS NOT NEW.education_level OR OLD.preferred_kbji IS NOT NEW.preferred_kbji BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT in_month AS m FROM card WHERE seeker_id = NEW.id
    UNION SELECT out_month FROM card WHERE seeker_id = NEW.id UNION SELECT ipk_month FROM placement
    WHERE seeker_id = NEW.id) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER vacancy_touch AFTER UPDATE ON vacancy
WHEN COALESCE(OLD.in_month, OLD.out_month, NEW.in_month, NEW.out_month) IS NOT NULL BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month UNION SELECT NEW.in_month UNION SELECT NEW.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER vacancy_gone AFTER DELETE ON vacancy BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER placement_touch AFTER UPDATE ON placement BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT m, 1 FROM (SELECT OLD.ipk_month AS m UNION
    SELECT NEW.ipk_month) WHERE m IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER placement_gone AFTER DELETE ON placement BEGIN
  INSERT INTO ipk_month_version(month, v) SELECT OLD.ipk_month, 1 WHERE OLD.ipk_month IS NOT NULL
  ON CONFLICT(month) DO UPDATE SET v = v + 1;
END;

-- Yearly targets of the performance indicators, entered by officers.
CREATE TABLE iku_target (
  year       INTEGER NOT NULL,
  indicator  TEXT NOT NULL CHECK (indicator IN ('placement_rate','trained_share','competency_share','placements')),
  target     TEXT NOT NULL,          -- decimal as text ("60.00"; placements: a count)
  set_by     INTEGER NOT NULL REFERENCES account(id),
  set_at     INTEGER NOT NULL,
  PRIMARY KEY (year, indicator)
) WITHOUT ROWID;
