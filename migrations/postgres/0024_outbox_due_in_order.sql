-- Delivery takes the oldest pending items first. Keyed by id, the index is
-- walked in queue order and the query stops at its limit, instead of
-- sorting the whole backlog on every round; the due time is checked on the
-- way (items waiting for a retry are few).
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, id);
