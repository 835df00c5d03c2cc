-- Links to the manager's web view (issue 18). Each /report dashboard issues
-- one; the signed token names its row, so a logout (ended_at set) refuses
-- the link and its session cookie from then on, whatever the signature says.
CREATE TABLE web_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    opened_at BIGINT,
    ended_at BIGINT
);
CREATE INDEX web_links_by_member ON web_links (guild_id, user_id);

-- The board reads the unfinished complaints of one server, by step, oldest
-- first: only these rows are indexed, however many closed ones pile up.
CREATE INDEX complaints_board ON complaints (guild_id, step, created_at)
    WHERE status NOT IN ('closed', 'rejected');
