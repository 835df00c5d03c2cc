-- Several replicas on one database: an outbox item is leased by the replica
-- sending it (a dead replica's lease runs out and another takes over), and
-- named leases let exactly one replica run the gateway.

ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
CREATE INDEX outbox_by_complaint ON outbox (complaint_id, status, id);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
);
