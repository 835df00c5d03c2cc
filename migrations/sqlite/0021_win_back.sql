-- Seed 003's seven steps to win a lost customer back, ticked one by one
-- with the day each was done; cleared when the customer is lost again.
CREATE TABLE win_back_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    step BIGINT NOT NULL,
    done_at BIGINT NOT NULL,
    done_by BIGINT NOT NULL,
    UNIQUE (customer_id, step)
);
