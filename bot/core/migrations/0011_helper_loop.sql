-- «Тимуровцы»: walking the account guide to its end is not yet doing it on Gosuslugi. A pledge item is walked when the
-- helped person reaches an end of the guide, and confirmed only when they say it worked there.
ALTER TABLE pledge_items ADD COLUMN walked_at TEXT;
-- Items confirmed before were confirmed by that walk, or by a «Да»; the students were thanked, so they stay
-- confirmed, and count as walked too.
UPDATE pledge_items SET walked_at = confirmed_at WHERE confirmed_at IS NOT NULL;

-- «Нужна помощь» under a follow-up, passed on with the person's consent to someone who can help: the student who
-- pledged to help them (through that pledge item) or their group's coordinator (of that group). It says where they
-- were (a scenario and its step, from their progress), never anything they typed.
CREATE TABLE help_requests (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,                      -- who asked for help
    followup_id INTEGER NOT NULL,                      -- the follow-up (an outbox row) they answered: passed on once
    scenario_id TEXT    NOT NULL,
    step_id     TEXT,                                  -- where they were in it; NULL: nowhere any more
    item_id     INTEGER REFERENCES pledge_items (id),  -- the student helps: through this pledge item
    group_id    INTEGER REFERENCES groups (id),        -- or the coordinator of this group
    created_at  TEXT    NOT NULL
);
CREATE INDEX help_requests_user ON help_requests (user_id, followup_id);
