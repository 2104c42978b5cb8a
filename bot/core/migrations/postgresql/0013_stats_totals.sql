-- Statistics since the start without reading a year of anything (bot/features/stats/rollups.py): the periodic fold
-- keeps these beside stats_days, in the same transaction and up to the same boundary (stats_folded). Nothing here is
-- written by an update: writing an event or a step costs exactly what it did.
-- PostgreSQL's copy of ../0013_stats_totals.sql (the shared file SQLite uses): ids and counts are BIGINT.

-- Every folded day of stats_days summed: "since the start" reads this small table instead of a year of days.
-- Counts only, never a person's id (/forget subtracts the person's folded events, as from stats_days).
CREATE TABLE stats_totals (
    kind        TEXT    NOT NULL,
    scenario_id TEXT    NOT NULL,   -- '' for none
    group_id    BIGINT  NOT NULL,   -- 0 for none
    ref         TEXT    NOT NULL,   -- '' for none and for the kinds not counted by topic
    count       BIGINT  NOT NULL,
    total       BIGINT  NOT NULL,
    PRIMARY KEY (kind, scenario_id, group_id, ref)
);

-- Each person's folded results (quizzes, homework, pledges) since the start, for the members' CSV: read for the
-- people who are in a group now. Holds a person's id in `user_id`, so /mydata shows and /forget deletes their rows
-- (bot/features/privacy/repo.py finds every such column).
CREATE TABLE stats_members (
    user_id  BIGINT  NOT NULL,
    group_id BIGINT  NOT NULL,      -- 0 for none (quizzes and pledges are the person's, homework a group's)
    kind     TEXT    NOT NULL,
    count    BIGINT  NOT NULL,
    total    BIGINT  NOT NULL,      -- the sum of the events' values
    PRIMARY KEY (user_id, group_id, kind)
);

-- The last folded `start` and `complete` event of each walk (ids): "where walks stopped" since the start reads the
-- open walks here instead of every start and complete event. Only the fold writes them; an update's upsert of a
-- step changes neither these nor the index's columns, so it does not touch the index.
ALTER TABLE progress ADD COLUMN walk_started BIGINT;
ALTER TABLE progress ADD COLUMN walk_finished BIGINT;
CREATE INDEX progress_open_walks ON progress (user_id, scenario_id)
    WHERE walk_started IS NOT NULL AND (walk_finished IS NULL OR walk_finished < walk_started);
