-- Classes: coordinators' invitations, groups' join codes, wrong-code throttling, pledges and their items,
-- homework assignments. Ids of groups, pledges, items and assignments are random (not AUTOINCREMENT): a handler
-- must know the id of what it creates before its writes are committed (they are applied after it returns).

-- One-time invitations to become a coordinator. Only a SHA-256 of the token is kept: the link grants a role, it is
-- shown once to the administrator, and a copy of the database (a backup) must not hold working links.
CREATE TABLE coordinator_invites (
    token_hash         TEXT    PRIMARY KEY,
    created_by_user_id INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    expires_at         TEXT    NOT NULL,   -- UTC, 7 days after created_at
    used_by_user_id    INTEGER,
    used_at            TEXT
);

-- The code students type or open as a link; a new code replaces the old one (which then stops working).
ALTER TABLE groups ADD COLUMN join_code TEXT;
CREATE UNIQUE INDEX groups_join_code ON groups (join_code);

-- Wrong join codes, to refuse a person who tries ten in an hour (kept in the database so a restart doesn't reset it).
CREATE TABLE join_failures (
    user_id    INTEGER NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX join_failures_user ON join_failures (user_id, created_at);

-- «Тимуровцы»: a student promises to help people register on Gosuslugi by a date.
CREATE TABLE pledges (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    due_date     TEXT    NOT NULL,         -- the promised day, in the student's time zone (YYYY-MM-DD)
    origin       TEXT    NOT NULL,         -- the message the pledge was made from: a double press makes one pledge
    created_at   TEXT    NOT NULL,
    cancelled_at TEXT
);
CREATE UNIQUE INDEX pledges_origin ON pledges (user_id, origin);

-- One helped person: who they are to the student (a word from a fixed list, never a name) and their personal link.
-- The token is kept as is: the student can get the link again from /pledge, and a leaked one can only confirm a
-- pledge item.
CREATE TABLE pledge_items (
    id                INTEGER PRIMARY KEY,
    pledge_id         INTEGER NOT NULL REFERENCES pledges (id),
    position          INTEGER NOT NULL,     -- 1, 2, …: the order the student chose them in
    relation          TEXT    NOT NULL,     -- grandma, grandpa, mum, dad, neighbour, relative, acquaintance
    token             TEXT    NOT NULL UNIQUE,
    helped_user_id    INTEGER,              -- the person who opened the link first; nobody else can use it
    opened_at         TEXT,
    confirmed_at      TEXT,                 -- the helped person reached the end of the account scenario
    self_reported_at  TEXT                  -- the student says they helped without the link
);
CREATE INDEX pledge_items_pledge ON pledge_items (pledge_id);
CREATE INDEX pledge_items_helped ON pledge_items (helped_user_id) WHERE helped_user_id IS NOT NULL;

-- Homework: a quiz given to a group with a deadline. Its questions are chosen once, so everybody answers the same
-- ones (and the most missed can be counted). Attempts are quiz_attempts rows with this assignment_id.
CREATE TABLE assignments (
    id                 INTEGER PRIMARY KEY,
    group_id           INTEGER NOT NULL REFERENCES groups (id),
    scenario_id        TEXT,                 -- the quiz's scenario; NULL for a mix of every scenario
    questions          TEXT    NOT NULL,     -- JSON [[scenario id, question id], ...], in the order asked
    pass_mark          INTEGER NOT NULL,     -- percent
    deadline_at        TEXT    NOT NULL,     -- UTC; typed and shown in the group's time zone
    origin             TEXT    NOT NULL,     -- the message it was set from: a double press sets it once
    created_by_user_id INTEGER NOT NULL,
    created_at         TEXT    NOT NULL
);
CREATE INDEX assignments_group ON assignments (group_id, deadline_at);
CREATE UNIQUE INDEX assignments_origin ON assignments (group_id, origin);
