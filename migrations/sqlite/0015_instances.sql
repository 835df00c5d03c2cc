-- Each process is an instance with its own id (a lease named `instance:ID`
-- in `leases`); an outbox item says which instance leased it, so a starting
-- process can take back at once the items of an instance that is gone,
-- instead of waiting out their leases.

ALTER TABLE outbox ADD COLUMN leased_by TEXT;
