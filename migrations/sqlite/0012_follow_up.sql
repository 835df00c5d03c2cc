-- Step 5's follow-up (seed 002's 后续保证, acted on): a resolved complaint
-- waits for its follow-up call or visit; the sweep reminds the owner on the
-- date and tells the managers when it is missed (follow_up_stage 0/1/2);
-- each outcome is kept.

ALTER TABLE complaints ADD COLUMN follow_up_at BIGINT;
ALTER TABLE complaints ADD COLUMN follow_up_stage BIGINT NOT NULL DEFAULT 0;

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    satisfied BIGINT NOT NULL,
    failed TEXT,
    still_open TEXT,
    logged_by BIGINT NOT NULL,
    logged_at BIGINT NOT NULL
);
CREATE INDEX follow_ups_by_complaint ON follow_ups (complaint_id);
