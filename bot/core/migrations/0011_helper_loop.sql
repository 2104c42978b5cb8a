-- «Тимуровцы»: walking the account guide to its end is not yet doing it on Gosuslugi. A pledge item is walked when the
-- helped person reaches an end of the guide, and confirmed only when they say it worked there.
ALTER TABLE pledge_items ADD COLUMN walked_at TEXT;
-- Items confirmed before were confirmed by that walk, or by a «Да»; the students were thanked, so they stay
-- confirmed, and count as walked too.
UPDATE pledge_items SET walked_at = confirmed_at WHERE confirmed_at IS NOT NULL;
