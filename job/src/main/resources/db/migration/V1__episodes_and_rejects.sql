-- Episodes (README "Our readings: episodes"; docs/design.md "Tables"): one row per episode, written when its window closes and updated once when
-- its outcome is known. episode_id is deterministic, so replays and restarts upsert the same rows.
CREATE TABLE pattern_episode_events (
    id              BIGSERIAL PRIMARY KEY,
    episode_id      TEXT UNIQUE NOT NULL,
    pattern_key     TEXT NOT NULL,
    scope           JSONB NOT NULL,
    series          JSONB NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('acted', 'skipped')),
    outcome         TEXT CHECK (outcome IN ('success', 'failure', 'neutral')),
    outcome_reason  TEXT,
    factors         JSONB NOT NULL,
    blocked_by      TEXT[],
    trade_id        TEXT,
    window_start_ts TIMESTAMPTZ NOT NULL,
    window_end_ts   TIMESTAMPTZ NOT NULL,
    decision_ts     TIMESTAMPTZ NOT NULL,
    outcome_ts      TIMESTAMPTZ,
    data_gap        BOOLEAN NOT NULL DEFAULT false,
    "timestamp"     TIMESTAMPTZ NOT NULL,
    start_seq       BIGINT NOT NULL,
    retest_index    INTEGER,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pattern_episode_events_resolved ON pattern_episode_events (pattern_key, outcome_ts) WHERE outcome IS NOT NULL;

-- Bad input (README "The event contract"). reject_key makes a replay of the same bad line write nothing new; identical
-- bad lines with the same reason are therefore stored once (the reject metric counts each).
CREATE TABLE ingest_rejects (
    id         BIGSERIAL PRIMARY KEY,
    reject_key TEXT GENERATED ALWAYS AS (md5(reason || E'\n' || raw)) STORED UNIQUE,
    raw        TEXT NOT NULL,
    series     JSONB,
    reason     TEXT NOT NULL,
    detail     TEXT,
    event_ts   TIMESTAMPTZ,
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ingest_rejects_reason ON ingest_rejects (reason);
