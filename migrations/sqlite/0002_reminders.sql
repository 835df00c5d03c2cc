-- What the reminder sweep needs: per complaint, when it must next be looked
-- at and which nudges already went out; per customer, when a visit is due;
-- per server, its working week and webhook; and the scheduled digests.

ALTER TABLE complaints ADD COLUMN step_started_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN ack_nudges BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN stall_level BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN promise_stage BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN next_check_at BIGINT;
CREATE INDEX complaints_due ON complaints (next_check_at) WHERE next_check_at IS NOT NULL;

ALTER TABLE customers ADD COLUMN visit_due_at BIGINT;
ALTER TABLE customers ADD COLUMN boss_due_at BIGINT;
ALTER TABLE customers ADD COLUMN risk_alerted_for BIGINT;
CREATE INDEX customers_visit_due ON customers (guild_id, visit_due_at);
CREATE INDEX customers_boss_due ON customers (guild_id, boss_due_at) WHERE boss_due_at IS NOT NULL;
CREATE INDEX customers_renewal ON customers (guild_id, renewal_on) WHERE renewal_on IS NOT NULL;

ALTER TABLE guild_settings ADD COLUMN work_days TEXT;
ALTER TABLE guild_settings ADD COLUMN work_hours TEXT;
ALTER TABLE guild_settings ADD COLUMN webhook_url TEXT;
ALTER TABLE guild_settings ADD COLUMN webhook_format TEXT;

CREATE TABLE schedules (
    guild_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    cron TEXT NOT NULL,
    next_run_at BIGINT NOT NULL,
    last_run_at BIGINT,
    PRIMARY KEY (guild_id, name)
);
CREATE INDEX schedules_due ON schedules (next_run_at);
