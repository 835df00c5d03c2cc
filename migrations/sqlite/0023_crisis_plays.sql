-- Seed 001's crisis plays. A product crisis's step 4 includes a training
-- session for the customer's users: one row per complaint, nudged in the
-- owner's daily digest while it has no date, or its date has passed and it
-- is not logged as held.
CREATE TABLE trainings (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints (id),
    guild_id BIGINT NOT NULL,
    planned_at BIGINT,
    held_at BIGINT,
    updated_by BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX trainings_not_held ON trainings (guild_id) WHERE held_at IS NULL;
-- A team crisis sets a cadence of contact with the customer's team, during
-- and after it: the digest finds them by category.
CREATE INDEX complaints_team_crises ON complaints (guild_id, closed_at) WHERE category = 'team';
