-- A yearly goal belongs to the person who set it, so /forget deletes it. (As `owner_user_id` it was only a mention:
-- /forget rewrote it to 0, and a second coordinator's goals then collided with the first's on the primary key.)
ALTER TABLE stats_targets RENAME COLUMN owner_user_id TO user_id;

-- Wrong join codes are counted under a keyed hash of the person's id, never the id itself: the rows (kept an hour)
-- name nobody, and /forget cannot be used to reset the count and guess on. The key is this installation's own.
DROP TABLE join_failures;
CREATE TABLE join_failures (
    subject    TEXT NOT NULL,                  -- HMAC-SHA256 of the Telegram id under install_secret.secret
    created_at TEXT NOT NULL
);
CREATE INDEX join_failures_subject ON join_failures (subject, created_at);
CREATE TABLE install_secret (
    secret BLOB NOT NULL
);
INSERT INTO install_secret (secret) VALUES (randomblob(32));
