-- What the bot is waiting for the person to type (e.g. the date of a doctor's visit); NULL when nothing.
ALTER TABLE users ADD COLUMN awaiting TEXT;

-- Reminders people asked for. Sending them is a separate job: it picks rows whose due_at has come and sent_at is NULL.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,            -- visit: the day before an appointment
    scenario_id TEXT,
    event_date  TEXT    NOT NULL,            -- the day of the visit, in the person's time zone (YYYY-MM-DD)
    due_at      TEXT    NOT NULL,            -- when to remind, UTC
    created_at  TEXT    NOT NULL,
    sent_at     TEXT
);
CREATE INDEX reminders_due ON reminders (due_at) WHERE sent_at IS NULL;
