-- Customer-score polls (seed 003's three questions, answered one button at a
-- time) and what the reports read. A poll stays open until submitted; an
-- unanswered one is reminded once, at remind_at (NULL once reminded or done).

CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    complaint_id BIGINT REFERENCES complaints (id),
    started_by BIGINT NOT NULL,
    -- 1 when a scheduled score round asked for it.
    from_round BIGINT NOT NULL DEFAULT 0,
    overall BIGINT,
    again BIGINT,
    recommend BIGINT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    answered_at BIGINT,
    remind_at BIGINT,
    reminded_at BIGINT
);
CREATE INDEX polls_by_customer ON polls (customer_id, status);
CREATE INDEX polls_remind_due ON polls (remind_at) WHERE remind_at IS NOT NULL;

-- Reports read by period: what was reported, finished or scored when.
CREATE INDEX complaints_created ON complaints (guild_id, created_at);
CREATE INDEX complaints_closed ON complaints (guild_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX scores_by_time ON scores (guild_id, at);
CREATE INDEX visits_by_time ON visits (guild_id, at);
CREATE INDEX events_by_kind ON events (guild_id, kind, at);
