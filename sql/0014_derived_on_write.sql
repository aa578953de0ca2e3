-- 0014: the writes that end a card or add a placement set the months and
-- facts the IPK counts themselves (card_store.c, placement_store.c), and
-- the triggers that derive them step in only for a write that did not.
-- Each trigger's update rewrote the row and its index entries a second
-- time: placing 10,000 people from a CSV at a province's size did 20,000
-- row rewrites more than it needed.
DROP TRIGGER card_out_month;
CREATE TRIGGER card_out_month AFTER UPDATE OF ended_on ON card
WHEN NEW.ended_on IS NOT NULL AND OLD.ended_on IS NULL AND NEW.out_month IS NULL BEGIN
  UPDATE card SET out_month = max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month))
  WHERE id = NEW.id;
END;
DROP TRIGGER placement_month;
CREATE TRIGGER placement_month AFTER INSERT ON placement WHEN NEW.ipk_month IS NULL BEGIN
  UPDATE placement SET ipk_month = max(substr(NEW.start_date, 1, 7), (SELECT month FROM ipk_open_month)),
    ipk_female = IFNULL((SELECT gender FROM seeker WHERE id = NEW.seeker_id), NEW.gender) = 'F',
    ipk_education = IFNULL((SELECT education_level FROM seeker WHERE id = NEW.seeker_id), NEW.education_level)
  WHERE id = NEW.id;
END;
-- A placement inserted with its month is not updated afterwards: its month's
-- placement tables are told here (placement_touch sees only updates).
CREATE TRIGGER placement_added_touch AFTER INSERT ON placement WHEN NEW.ipk_month IS NOT NULL BEGIN
  INSERT INTO ipk_source_version(month, source, v) VALUES (NEW.ipk_month, 'placement', 1)
  ON CONFLICT(month, source) DO UPDATE SET v = v + 1;
END;
