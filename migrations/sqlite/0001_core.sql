-- Core tables. Timestamps are unix seconds (BIGINT); flags are 0/1 integers,
-- so the same queries run through sqlx's Any driver on SQLite and PostgreSQL.

CREATE TABLE guild_settings (
    guild_id BIGINT PRIMARY KEY,
    language TEXT,
    timezone TEXT,
    complaints_channel BIGINT,
    alerts_channel BIGINT,
    manager_role BIGINT,
    second_role BIGINT,
    approval_threshold BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE members (
    guild_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    role TEXT,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_by_name ON members (guild_id, name_key);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    tier TEXT NOT NULL,
    cadence_days BIGINT NOT NULL,
    stage TEXT NOT NULL,
    renewal_on BIGINT,
    decision_maker TEXT,
    at_risk BIGINT NOT NULL DEFAULT 0,
    last_visit_at BIGINT,
    last_boss_visit_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (guild_id, name_key)
);
CREATE INDEX customers_by_owner ON customers (guild_id, owner_id);

CREATE TABLE complaint_counters (
    guild_id BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    number BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    summary TEXT NOT NULL,
    details TEXT,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    temperament TEXT NOT NULL,
    source TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    step BIGINT NOT NULL,
    acknowledged_at BIGINT,
    promised_by BIGINT,
    escalation_level BIGINT NOT NULL DEFAULT 0,
    thread_id BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (guild_id, number)
);
CREATE INDEX complaints_by_customer ON complaints (customer_id);
CREATE INDEX complaints_by_status ON complaints (guild_id, status);
CREATE INDEX complaints_by_owner ON complaints (guild_id, owner_id);

CREATE TABLE step_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    step BIGINT NOT NULL,
    data TEXT NOT NULL,
    recorded_by BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    superseded BIGINT NOT NULL DEFAULT 0,
    approved_by BIGINT,
    approved_at BIGINT
);
CREATE INDEX step_records_by_complaint ON step_records (complaint_id, step);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    complaint_id BIGINT,
    customer_id BIGINT,
    actor_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX events_by_complaint ON events (complaint_id, id);
CREATE INDEX events_by_customer ON events (customer_id, id);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    rep_id BIGINT NOT NULL,
    met TEXT NOT NULL,
    at BIGINT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX visits_by_customer ON visits (customer_id, at);

CREATE TABLE scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    complaint_id BIGINT REFERENCES complaints (id),
    overall BIGINT NOT NULL,
    again BIGINT NOT NULL,
    recommend BIGINT NOT NULL,
    to_five TEXT,
    recorded_by BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX scores_by_customer ON scores (customer_id, at);

-- Messages the bot owes someone, written in the same transaction as the
-- change that caused them and delivered (and retried) from here.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    complaint_id BIGINT,
    target TEXT NOT NULL,
    target_id BIGINT,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
