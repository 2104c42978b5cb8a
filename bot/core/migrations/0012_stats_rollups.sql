-- Statistics roll-ups: an administrator's /stats reads whole UTC days from here instead of every event. Filled by a
-- periodic job (bot/features/stats/rollups.py), never by triggers: writing an event costs exactly what it did.
-- Counts only, never a person's id: /forget subtracts the person's events from the days they were folded into.
-- The same tables for PostgreSQL: postgresql/0012_stats_rollups.sql.

-- Events per UTC day, kind, scenario and group; for the kinds counted by topic (search_miss, quiz_missed) also per
-- ref (a topic word, a question id). Missing values are stored as '' and 0, never NULL, so one key covers every row.
-- The kinds *trained and *eservices count people who did that for the first time on the day (a number, no person).
CREATE TABLE stats_days (
    day         TEXT    NOT NULL,   -- YYYY-MM-DD, a UTC day
    kind        TEXT    NOT NULL,
    scenario_id TEXT    NOT NULL,   -- '' for none
    group_id    INTEGER NOT NULL,   -- 0 for none
    ref         TEXT    NOT NULL,   -- '' for none and for the kinds not counted by topic
    count       INTEGER NOT NULL,   -- events (people, for the * kinds)
    total       INTEGER NOT NULL,   -- the sum of their values
    PRIMARY KEY (day, kind, scenario_id, group_id, ref)
) WITHOUT ROWID;  -- the rows stored in key order: a period's days are one range of the table (SQLite's own file)

-- One row: the events created before `folded_until` (the start of a UTC day) are in stats_days; screens read the
-- events themselves from there on.
CREATE TABLE stats_folded (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    folded_until TEXT    NOT NULL
);
INSERT INTO stats_folded (id, folded_until) VALUES (1, '0000-00-00 00:00:00');
