-- Sent messages are kept for a while (for support and audits), then pruned
-- by server; this index finds the old ones without reading the rest.
CREATE INDEX outbox_sent ON outbox (guild_id, status, sent_at);
