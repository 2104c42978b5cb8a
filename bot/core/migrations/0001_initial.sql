-- People who have talked to the bot, their language, the scenario they are in and the last screen shown to them.
CREATE TABLE users (
    id                INTEGER PRIMARY KEY,   -- Telegram user id
    locale            TEXT    NOT NULL,
    active_scenario   TEXT,
    screen_message_id INTEGER,               -- the message that shows the current screen
    screen_digest     TEXT,                  -- what it shows, so an unchanged screen is never re-sent
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

-- Where a person is in each scenario they have opened; kept after leaving, so they can continue later.
CREATE TABLE progress (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    scenario_id TEXT    NOT NULL,
    step_id     TEXT    NOT NULL,
    trail       TEXT    NOT NULL,            -- JSON list of the steps passed before this one, for Back
    ticks       TEXT    NOT NULL,            -- JSON {step id: [ticked checklist item numbers]}
    version     TEXT    NOT NULL,            -- version of the scenario file the trail belongs to
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (user_id, scenario_id)
);

-- Append-only log that statistics are computed from.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,            -- start, resume, step, back, complete, abandon
    scenario_id TEXT,
    step_id     TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX events_created_at ON events (created_at);
