-- A homework can be cancelled by its group's coordinator or an administrator: students no longer see it and get no
-- more nudges about it, while its attempts stay, so the coordinator keeps its results. (A moved deadline needs no
-- column: deadline_at is changed.)
ALTER TABLE assignments ADD COLUMN cancelled_at TEXT;
