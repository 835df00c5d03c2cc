-- A finished week's or month's figures for the web view, per server (issue
-- 18): computed once after the period ended, read ever after, so a page
-- never re-reads months of complaints and a restart does not make it slow.
-- `version` is the computation's: rows of an older one are computed again.
CREATE TABLE period_figures (
    guild_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    period_start BIGINT NOT NULL,
    period_end BIGINT NOT NULL,
    version BIGINT NOT NULL,
    figures TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, kind, period_start)
);
