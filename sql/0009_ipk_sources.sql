-- 0009: the IPK cache's counters per month and per source.  A month's
-- tables come from three independent sources: cards (the job seeker tables),
-- vacancies (the vacancy table) and placements (the placement tables).  With
-- one counter per month, a card issued recomputed the month's vacancies and
-- placements too; at a province's size that made the first request after
-- any write several times slower than the source that changed needs.
CREATE TABLE ipk_source_version (
  month   TEXT NOT NULL,
  source  TEXT NOT NULL CHECK (source IN ('card','vacancy','placement')),
  v       INTEGER NOT NULL,
  PRIMARY KEY (month, source)
) WITHOUT ROWID;
INSERT INTO ipk_source_version(month, source, v)
  SELECT month, s.source, v FROM ipk_month_version, (SELECT 'card' AS source UNION ALL SELECT 'vacancy'
  UNION ALL SELECT 'placement') s;

DROP TRIGGER card_touch;
DROP TRIGGER card_gone;
DROP TRIGGER seeker_touch;
DROP TRIGGER vacancy_touch;
DROP TRIGGER vacancy_gone;
DROP TRIGGER placement_touch;
DROP TRIGGER placement_gone;
DROP TABLE ipk_month_version;

CREATE TRIGGER card_touch AFTER UPDATE ON card BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'card', 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month UNION SELECT NEW.in_month UNION SELECT NEW.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER card_gone AFTER DELETE ON card BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'card', 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
-- A person's age, gender, schooling or wish changes every month their cards
-- count in, and the placement tables of every month they were placed in.
CREATE TRIGGER seeker_touch AFTER UPDATE OF gender, birth_date, education_level, preferred_kbji ON seeker
WHEN OLD.gender IS NOT NEW.gender OR OLD.birth_date IS NOT NEW.birth_date
  OR OLD.education_level IS NOT NEW.education_level OR OLD.preferred_kbji IS NOT NEW.preferred_kbji BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'card', 1 FROM (SELECT in_month AS m FROM card
    WHERE seeker_id = NEW.id UNION SELECT out_month FROM card WHERE seeker_id = NEW.id) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
  INSERT INTO ipk_source_version(month, source, v) SELECT DISTINCT ipk_month, 'placement', 1 FROM placement
    WHERE seeker_id = NEW.id AND ipk_month IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER vacancy_touch AFTER UPDATE ON vacancy
WHEN COALESCE(OLD.in_month, OLD.out_month, NEW.in_month, NEW.out_month) IS NOT NULL BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'vacancy', 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month UNION SELECT NEW.in_month UNION SELECT NEW.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER vacancy_gone AFTER DELETE ON vacancy BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'vacancy', 1 FROM (SELECT OLD.in_month AS m UNION
    SELECT OLD.out_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER placement_touch AFTER UPDATE ON placement BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT m, 'placement', 1 FROM (SELECT OLD.ipk_month AS m UNION
    SELECT NEW.ipk_month) WHERE m IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
CREATE TRIGGER placement_gone AFTER DELETE ON placement BEGIN
  INSERT INTO ipk_source_version(month, source, v) SELECT OLD.ipk_month, 'placement', 1
    WHERE OLD.ipk_month IS NOT NULL
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
