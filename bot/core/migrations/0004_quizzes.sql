-- Quiz attempts: a self-check of one scenario, a mix of several, or a homework. Only parsed values: ids and indices.
CREATE TABLE quiz_attempts (
    id            INTEGER PRIMARY KEY,       -- chosen at random by the bot: it travels in buttons before the commit
    user_id       INTEGER NOT NULL REFERENCES users (id),
    scenario_id   TEXT,                      -- the quiz's scenario; NULL for a mix
    assignment_id INTEGER,                   -- the homework it answers; NULL for a self-check (no foreign key:
                                             -- homework is a later table)
    group_id      INTEGER,                   -- the homework's group; NULL for a self-check
    questions     TEXT    NOT NULL,          -- JSON [[scenario id, question id, [option indices as shown]], ...]
    answers       TEXT    NOT NULL,          -- JSON [option index in the file, or null if the question was gone, ...]
    position      INTEGER NOT NULL,          -- the question on screen; the number of questions once results are shown
    score         INTEGER NOT NULL,          -- right answers so far
    started_at    TEXT    NOT NULL,
    finished_at   TEXT                       -- NULL while unfinished
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, started_at);
-- The latest unfinished attempt is read with the person on every update: kept small and quick to find.
CREATE INDEX quiz_attempts_unfinished ON quiz_attempts (user_id, started_at) WHERE finished_at IS NULL;
CREATE INDEX quiz_attempts_assignment ON quiz_attempts (assignment_id, user_id) WHERE assignment_id IS NOT NULL;
