-- Statistics roll-ups, so an administrator's /stats over 30 days or since the start reads days, not every event.
-- Kept up by triggers on `events` as each one is written or deleted (/forget), so they always agree with it:
-- a period's figures are the whole UTC days inside it from here, plus the events of its partial first and last
-- days (bot/db/stats.py). The triggers are SQLite's; PostgreSQL would keep the same tables with its own triggers.
-- Missing values are stored as '' and 0 (never NULL), so one primary key covers every row.

-- Events per UTC day, kind, scenario and group; for the kinds counted by topic (search_miss, quiz_missed) also
-- per ref (a topic word, a question id).
CREATE TABLE stats_daily (
    day         TEXT    NOT NULL,   -- YYYY-MM-DD, UTC
    kind        TEXT    NOT NULL,
    scenario_id TEXT    NOT NULL,   -- '' for none
    group_id    INTEGER NOT NULL,   -- 0 for none
    ref         TEXT    NOT NULL,   -- '' for none and for the kinds not counted by topic
    count       INTEGER NOT NULL,
    total       REAL    NOT NULL,   -- the sum of the events' values
    PRIMARY KEY (day, kind, scenario_id, group_id, ref)
) WITHOUT ROWID;

-- Who did something on a day, for the figures that count people rather than events: trained (finished a guide or
-- a quiz) and eservices (said «Да» to a follow-up).
CREATE TABLE stats_people (
    what    TEXT    NOT NULL,
    user_id INTEGER NOT NULL,
    day     TEXT    NOT NULL,
    PRIMARY KEY (what, user_id, day)
) WITHOUT ROWID;

-- Each person's latest start and latest finish of each guide (by time, then id): where walks stopped, for periods that end now.
CREATE TABLE stats_walks (
    user_id     INTEGER NOT NULL,
    scenario_id TEXT    NOT NULL,
    started_id  INTEGER,
    started_at  TEXT,
    finished_id INTEGER,
    finished_at TEXT,
    step_id     TEXT,      -- where the person stands in the guide (progress.step_id); NULL without a progress row
    PRIMARY KEY (user_id, scenario_id)
);
-- Covering: where walks stopped is read from this index and `progress` alone.
CREATE INDEX stats_walks_started ON stats_walks (started_at, finished_at, started_id, finished_id, scenario_id, step_id);

CREATE TRIGGER stats_event_added AFTER INSERT ON events
WHEN NEW.kind IN (
    'start', 'complete', 'search_miss', 'quiz_done', 'quiz_missed', 'homework_done', 'homework_late', 'pledge_made',
    'pledge_confirmed', 'pledge_self', 'followup_yes', 'followup_not_yet', 'followup_help', 'joined'
)
BEGIN
    INSERT INTO stats_daily (day, kind, scenario_id, group_id, ref, count, total)
    VALUES (
        substr(NEW.created_at, 1, 10), NEW.kind, ifnull(NEW.scenario_id, ''), ifnull(NEW.group_id, 0),
        CASE WHEN NEW.kind IN ('search_miss', 'quiz_missed') THEN ifnull(NEW.ref, '') ELSE '' END,
        1, ifnull(NEW.value, 0)
    )
    ON CONFLICT (day, kind, scenario_id, group_id, ref) DO UPDATE
    SET count = count + 1, total = total + excluded.total;
    INSERT OR IGNORE INTO stats_people (what, user_id, day)
    SELECT CASE WHEN NEW.kind = 'followup_yes' THEN 'eservices' ELSE 'trained' END, NEW.user_id,
           substr(NEW.created_at, 1, 10)
    WHERE NEW.kind IN ('complete', 'quiz_done', 'followup_yes');
    INSERT INTO stats_walks (user_id, scenario_id, started_id, started_at, step_id)
    SELECT NEW.user_id, NEW.scenario_id, NEW.id, NEW.created_at,
           (SELECT step_id FROM progress WHERE user_id = NEW.user_id AND scenario_id = NEW.scenario_id)
    WHERE NEW.kind = 'start' AND NEW.scenario_id IS NOT NULL
    ON CONFLICT (user_id, scenario_id) DO UPDATE SET started_id = excluded.started_id, started_at = excluded.started_at
    WHERE (excluded.started_at, excluded.started_id) > (ifnull(started_at, ''), ifnull(started_id, 0));
    INSERT INTO stats_walks (user_id, scenario_id, finished_id, finished_at, step_id)
    SELECT NEW.user_id, NEW.scenario_id, NEW.id, NEW.created_at,
           (SELECT step_id FROM progress WHERE user_id = NEW.user_id AND scenario_id = NEW.scenario_id)
    WHERE NEW.kind = 'complete' AND NEW.scenario_id IS NOT NULL
    ON CONFLICT (user_id, scenario_id) DO UPDATE SET finished_id = excluded.finished_id, finished_at = excluded.finished_at
    WHERE (excluded.finished_at, excluded.finished_id) > (ifnull(finished_at, ''), ifnull(finished_id, 0));
END;

-- The step a walk stands at follows the person's progress (written by ProgressRepo, in the same transaction).
CREATE TRIGGER stats_walk_moved AFTER INSERT ON progress
BEGIN
    UPDATE stats_walks SET step_id = NEW.step_id WHERE user_id = NEW.user_id AND scenario_id = NEW.scenario_id;
END;
CREATE TRIGGER stats_walk_stepped AFTER UPDATE OF step_id ON progress
BEGIN
    UPDATE stats_walks SET step_id = NEW.step_id WHERE user_id = NEW.user_id AND scenario_id = NEW.scenario_id;
END;
CREATE TRIGGER stats_walk_left AFTER DELETE ON progress
BEGIN
    UPDATE stats_walks SET step_id = NULL WHERE user_id = OLD.user_id AND scenario_id = OLD.scenario_id;
END;

-- /forget deletes a person's events (and, by their user_id, their rows of stats_people and stats_walks).
CREATE TRIGGER stats_event_deleted AFTER DELETE ON events
BEGIN
    UPDATE stats_daily SET count = count - 1, total = total - ifnull(OLD.value, 0)
    WHERE day = substr(OLD.created_at, 1, 10) AND kind = OLD.kind AND scenario_id = ifnull(OLD.scenario_id, '')
      AND group_id = ifnull(OLD.group_id, 0)
      AND ref = CASE WHEN OLD.kind IN ('search_miss', 'quiz_missed') THEN ifnull(OLD.ref, '') ELSE '' END;
END;

-- What happened before this migration.
INSERT INTO stats_daily (day, kind, scenario_id, group_id, ref, count, total)
SELECT substr(created_at, 1, 10), kind, ifnull(scenario_id, ''), ifnull(group_id, 0),
       CASE WHEN kind IN ('search_miss', 'quiz_missed') THEN ifnull(ref, '') ELSE '' END, count(*), total(value)
FROM events
WHERE kind IN (
    'start', 'complete', 'search_miss', 'quiz_done', 'quiz_missed', 'homework_done', 'homework_late', 'pledge_made',
    'pledge_confirmed', 'pledge_self', 'followup_yes', 'followup_not_yet', 'followup_help', 'joined'
)
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO stats_people (what, user_id, day)
SELECT DISTINCT CASE WHEN kind = 'followup_yes' THEN 'eservices' ELSE 'trained' END, user_id, substr(created_at, 1, 10)
FROM events WHERE kind IN ('complete', 'quiz_done', 'followup_yes');
INSERT INTO stats_walks (user_id, scenario_id, started_id, started_at, finished_id, finished_at)
SELECT user_id, scenario_id, id, created_at, NULL, NULL FROM events
WHERE kind = 'start' AND scenario_id IS NOT NULL ORDER BY created_at, id
ON CONFLICT (user_id, scenario_id) DO UPDATE SET started_id = excluded.started_id, started_at = excluded.started_at;
INSERT INTO stats_walks (user_id, scenario_id, started_id, started_at, finished_id, finished_at)
SELECT user_id, scenario_id, NULL, NULL, id, created_at FROM events
WHERE kind = 'complete' AND scenario_id IS NOT NULL ORDER BY created_at, id
ON CONFLICT (user_id, scenario_id) DO UPDATE SET finished_id = excluded.finished_id, finished_at = excluded.finished_at;
UPDATE stats_walks SET step_id = (
    SELECT step_id FROM progress p WHERE p.user_id = stats_walks.user_id AND p.scenario_id = stats_walks.scenario_id
);
