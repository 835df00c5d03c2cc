-- The customer's own message a complaint was opened from (Apps → Open complaint),
-- as a link back to it, and the channel it was in: a channel shared with one
-- customer suggests that customer for the next complaint opened from it.
-- NULL for complaints reported with /complaint new alone.
ALTER TABLE complaints ADD COLUMN source_link TEXT;
ALTER TABLE complaints ADD COLUMN source_channel_id BIGINT;
CREATE INDEX complaints_source_channel ON complaints (guild_id, source_channel_id, id) WHERE source_channel_id IS NOT NULL;
