-- Statistics: the coordinators' yearly targets for the programme indicators, and the indexes /stats needs.

-- One number per indicator and year, typed by a coordinator or administrator (only the parsed number is kept).
CREATE TABLE stats_targets (
    owner_user_id INTEGER NOT NULL,
    indicator     TEXT    NOT NULL,            -- trained, eservices, helped, consultations, groups
    year          INTEGER NOT NULL,
    target        INTEGER NOT NULL,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (owner_user_id, indicator, year)
);

-- New people per period.
CREATE INDEX users_created_at ON users (created_at);

-- /stats counts events by kind over a period. The spine's (kind, created_at) index is widened to cover what is
-- counted, so those counts never read the table (a week of 1,000,000 events: ~4× faster; bench/stats.py).
DROP INDEX events_kind_created_at;
CREATE INDEX events_kind_created_at_covering ON events (kind, created_at, scenario_id, group_id, value, user_id);
-- A coordinator's figures are about a few dozen people: their events, found by person instead of by time.
CREATE INDEX events_user_created_at ON events (user_id, created_at);
