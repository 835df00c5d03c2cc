-- What the web view's figures of the period under way read by range:
-- acknowledgements by when they were made (with the report time, so the
-- index alone answers), a customer's earlier complaints (is this one a
-- crisis?), and the current step records by step and time (the causes).
CREATE INDEX complaints_acknowledged ON complaints (guild_id, acknowledged_at, created_at)
    WHERE acknowledged_at IS NOT NULL;
DROP INDEX complaints_by_customer;
CREATE INDEX complaints_by_customer ON complaints (customer_id, created_at);
-- A month's complaints by category and whether they are crises, from the
-- index alone (it replaces the plain one on report time).
DROP INDEX complaints_created;
CREATE INDEX complaints_created ON complaints (guild_id, created_at, category, severity, customer_id);
CREATE INDEX step_records_current ON step_records (step, recorded_at) WHERE superseded = 0;
-- The list filtered by owner, newest first: read in order, not sorted (an
-- owner of a large team has tens of thousands).
DROP INDEX complaints_by_owner;
CREATE INDEX complaints_by_owner ON complaints (guild_id, owner_id, number);
-- The board's columns, oldest first (ties by number): read in that order,
-- so each column stops at its last card shown.
DROP INDEX complaints_board;
CREATE INDEX complaints_board ON complaints (guild_id, step, created_at, number)
    WHERE status NOT IN ('closed', 'rejected');
