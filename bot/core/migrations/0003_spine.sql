-- The shared core of wave 2: what statistics need on events, the person's own settings, roles and groups.
-- Every column holding a Telegram user id is named user_id or ends in _user_id, so forgetting a person finds them all.

-- Events carry what statistics need beyond the scenario and step.
ALTER TABLE events ADD COLUMN group_id INTEGER;    -- the group an event belongs to (homework, joining), else NULL
ALTER TABLE events ADD COLUMN value INTEGER;       -- a number: a quiz score in percent, a count of people
ALTER TABLE events ADD COLUMN ref TEXT;            -- what it is about: a question id, an assignment id, a topic word
CREATE INDEX events_kind_created_at ON events (kind, created_at);

-- Telegram's first name only, as Telegram sends it (a group's coordinator sees it); the person's own time zone
-- (NULL: the TIMEZONE setting).
ALTER TABLE users ADD COLUMN first_name TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- Coordinators: made by an administrator's invitation. Administrators are the ADMIN_IDS setting, not a table.
CREATE TABLE coordinators (
    user_id          INTEGER PRIMARY KEY,
    added_by_user_id INTEGER,
    created_at       TEXT NOT NULL
);

-- A class, a library course, a volunteers' team.
CREATE TABLE groups (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL,      -- given by the coordinator, 1–64 characters
    coordinator_user_id INTEGER NOT NULL,
    time_zone           TEXT    NOT NULL,      -- deadlines are typed and shown in it; stored in UTC
    created_at          TEXT    NOT NULL,
    closed_at           TEXT
);
CREATE INDEX groups_coordinator ON groups (coordinator_user_id);

CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    user_id   INTEGER NOT NULL,
    joined_at TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- Which message shows what is known only once Telegram has taken it, so it is kept in memory, not here: a record
-- that a crash could leave behind the screen would make the bot skip an edit the person needs.
ALTER TABLE users DROP COLUMN screen_message_id;
ALTER TABLE users DROP COLUMN screen_digest;
