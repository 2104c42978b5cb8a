-- How a member asked their group's coordinator to see them («Маша К.», when two Машаs share a class), cleaned like
-- a first name (bot/core/names.py). Per membership: another group may know them by another name. NULL: their
-- Telegram first name. It is on the person's own row, so /forget deletes it with the membership.
ALTER TABLE group_members ADD COLUMN display_name TEXT;
