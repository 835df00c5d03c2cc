-- Decisions taken at the monthly "voice of the customer" meeting (seed 002:
-- executives hear what customers complain about and decide fixes). Each has
-- an owner and a due date; the owner is reminded once on the due date
-- (remind_at, NULL once reminded or done) and next month's report says
-- whether it was carried out.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    what TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    decided_by BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    done_at BIGINT,
    done_by BIGINT,
    done_note TEXT,
    remind_at BIGINT
);
CREATE INDEX decisions_by_time ON decisions (guild_id, decided_at);
CREATE INDEX decisions_remind_due ON decisions (remind_at) WHERE remind_at IS NOT NULL;
