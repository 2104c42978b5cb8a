-- Scheduled messages: one queue, one sender (bot/sender.py). Rows are the source of truth, so a restart loses nothing.
-- state: pending → sending (claimed by one sender) → sent; or dropped (no longer relevant, opted out, unreachable)
-- or failed (Telegram kept refusing). A row stuck in 'sending' (its sender crashed) is claimed again once it is old.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,            -- a registered kind: visit-reminder, followup, ...
    payload     TEXT    NOT NULL,            -- JSON of parsed values (ids, dates), never text a person typed
    dedup_key   TEXT    NOT NULL,            -- the same reminder is stored once per person
    due_at      TEXT    NOT NULL,            -- UTC
    state       TEXT    NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,  -- claims that ended without an outcome (a crash, Telegram down)
    claimed_at  TEXT,
    claimed_by  TEXT,                        -- the claim that owns the row: a sender reads back what it claimed
    sent_at     TEXT,
    created_at  TEXT    NOT NULL,
    UNIQUE (user_id, dedup_key)
);
CREATE INDEX outbox_queue ON outbox (state, due_at);
CREATE INDEX outbox_claim ON outbox (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The doctor-visit reminders stored before the outbox existed move onto it (kind visit-reminder).
INSERT INTO outbox (user_id, kind, payload, dedup_key, due_at, created_at)
SELECT user_id, 'visit-reminder', json_object('scenario', scenario_id, 'visit', event_date),
       'visit-reminder:' || COALESCE(scenario_id, '') || ':' || event_date, MIN(substr(due_at, 1, 19)), MIN(created_at)
FROM reminders WHERE sent_at IS NULL
GROUP BY user_id, scenario_id, event_date;
DROP TABLE reminders;

-- Telegram refused to deliver (403: the bot was blocked or the account deleted): nothing is sent to the person
-- until they write again.
ALTER TABLE users ADD COLUMN unreachable_at TEXT;

-- Kinds of scheduled messages a person does not want: reminders, followups, nudges, digests.
CREATE TABLE message_optouts (
    user_id    INTEGER NOT NULL,
    family     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, family)
);
