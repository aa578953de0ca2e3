-- 0013: the yearly indicators' placement figures kept as counts, moved by
-- triggers on every placement written, instead of counted from the year's
-- placements on every request.  Distinct people (and distinct card holders)
-- placed were the costly part: at a province's size 80,000 placements a
-- year walked twice, 45-50 ms once another connection had written (SQLite
-- then starts its page cache afresh), against a target of 50 ms.
--
-- A placement adds a person to its year when no other placement of that
-- year is theirs, and takes them away when it was the last; an update of
-- the year, the person, the card or the channel is the one taken away and
-- the other added.  Years are the first four characters of start_date, as
-- in the indexes of 0008, whose (year, person) and (year, seeker) indexes
-- answer each "another placement of theirs?" in a few steps.
CREATE TABLE iku_year_channel (
  year          TEXT NOT NULL,
  channel       TEXT NOT NULL,
  placements    INTEGER NOT NULL,
  without_card  INTEGER NOT NULL,
  PRIMARY KEY (year, channel)
) WITHOUT ROWID;
CREATE TABLE iku_year_people (
  year     TEXT PRIMARY KEY,
  persons  INTEGER NOT NULL,   -- distinct person_index placed in the year
  holders  INTEGER NOT NULL    -- distinct seekers placed while holding a card
) WITHOUT ROWID;

INSERT INTO iku_year_channel(year, channel, placements, without_card)
  SELECT substr(start_date, 1, 4), channel, count(*), count(CASE WHEN card_id IS NULL THEN 1 END)
  FROM placement GROUP BY 1, 2;
INSERT INTO iku_year_people(year, persons, holders)
  SELECT y, (SELECT count(*) FROM (SELECT 1 FROM placement WHERE substr(start_date, 1, 4) = y GROUP BY person_index)),
    (SELECT count(*) FROM (SELECT 1 FROM placement WHERE substr(start_date, 1, 4) = y AND card_id IS NOT NULL
     GROUP BY seeker_id))
  FROM (SELECT DISTINCT substr(start_date, 1, 4) AS y FROM placement);

-- The placements by channel were what the year-and-channel index served.
DROP INDEX placement_year_channel;

CREATE TRIGGER iku_placement_added AFTER INSERT ON placement BEGIN
  INSERT INTO iku_year_channel(year, channel, placements, without_card)
    VALUES (substr(NEW.start_date, 1, 4), NEW.channel, 1, NEW.card_id IS NULL)
    ON CONFLICT(year, channel) DO UPDATE SET placements = placements + 1,
      without_card = without_card + excluded.without_card;
  INSERT INTO iku_year_people(year, persons, holders) VALUES (substr(NEW.start_date, 1, 4), 0, 0)
    ON CONFLICT(year) DO NOTHING;
  UPDATE iku_year_people SET
    persons = persons + NOT EXISTS (SELECT 1 FROM placement p WHERE substr(p.start_date, 1, 4) =
      substr(NEW.start_date, 1, 4) AND p.person_index IS NEW.person_index AND p.id <> NEW.id),
    holders = holders + (NEW.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM placement p
      WHERE substr(p.start_date, 1, 4) = substr(NEW.start_date, 1, 4) AND p.seeker_id IS NEW.seeker_id
      AND p.card_id IS NOT NULL AND p.id <> NEW.id))
  WHERE year = substr(NEW.start_date, 1, 4);
END;

CREATE TRIGGER iku_placement_removed AFTER DELETE ON placement BEGIN
  UPDATE iku_year_channel SET placements = placements - 1, without_card = without_card - (OLD.card_id IS NULL)
  WHERE year = substr(OLD.start_date, 1, 4) AND channel = OLD.channel;
  UPDATE iku_year_people SET
    persons = persons - NOT EXISTS (SELECT 1 FROM placement p WHERE substr(p.start_date, 1, 4) =
      substr(OLD.start_date, 1, 4) AND p.person_index IS OLD.person_index),
    holders = holders - (OLD.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM placement p
      WHERE substr(p.start_date, 1, 4) = substr(OLD.start_date, 1, 4) AND p.seeker_id IS OLD.seeker_id
      AND p.card_id IS NOT NULL))
  WHERE year = substr(OLD.start_date, 1, 4);
END;

-- The row already holds the new values: "another placement" leaves it out
-- by id on both sides.
CREATE TRIGGER iku_placement_changed AFTER UPDATE OF start_date, person_index, seeker_id, card_id, channel
ON placement BEGIN
  UPDATE iku_year_channel SET placements = placements - 1, without_card = without_card - (OLD.card_id IS NULL)
  WHERE year = substr(OLD.start_date, 1, 4) AND channel = OLD.channel;
  UPDATE iku_year_people SET
    persons = persons - NOT EXISTS (SELECT 1 FROM placement p WHERE substr(p.start_date, 1, 4) =
      substr(OLD.start_date, 1, 4) AND p.person_index IS OLD.person_index AND p.id <> OLD.id),
    holders = holders - (OLD.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM placement p
      WHERE substr(p.start_date, 1, 4) = substr(OLD.start_date, 1, 4) AND p.seeker_id IS OLD.seeker_id
      AND p.card_id IS NOT NULL AND p.id <> OLD.id))
  WHERE year = substr(OLD.start_date, 1, 4);
  INSERT INTO iku_year_channel(year, channel, placements, without_card)
    VALUES (substr(NEW.start_date, 1, 4), NEW.channel, 1, NEW.card_id IS NULL)
    ON CONFLICT(year, channel) DO UPDATE SET placements = placements + 1,
      without_card = without_card + excluded.without_card;
  INSERT INTO iku_year_people(year, persons, holders) VALUES (substr(NEW.start_date, 1, 4), 0, 0)
    ON CONFLICT(year) DO NOTHING;
  UPDATE iku_year_people SET
    persons = persons + NOT EXISTS (SELECT 1 FROM placement p WHERE substr(p.start_date, 1, 4) =
      substr(NEW.start_date, 1, 4) AND p.person_index IS NEW.person_index AND p.id <> NEW.id),
    holders = holders + (NEW.card_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM placement p
      WHERE substr(p.start_date, 1, 4) = substr(NEW.start_date, 1, 4) AND p.seeker_id IS NEW.seeker_id
      AND p.card_id IS NOT NULL AND p.id <> NEW.id))
  WHERE year = substr(NEW.start_date, 1, 4);
END;
