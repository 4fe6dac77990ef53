-- Judgments the change budget held (--judge.budget.*): the first of each key's event-time day, with the
-- change it would have made and its evidence (every hold is counted in the judge's metrics). judge:
-- champion (the live judge) or challenger.
CREATE TABLE pm_judge_holds (
    id                 BIGSERIAL PRIMARY KEY,
    judge              TEXT NOT NULL CHECK (judge IN ('champion', 'challenger')),
    pattern_key        TEXT NOT NULL,
    action_category    TEXT NOT NULL,
    scope_subset       JSONB NOT NULL,
    reason             TEXT NOT NULL,
    rule               TEXT NOT NULL,
    old_ts_min_mult    NUMERIC NOT NULL,
    old_halo_mult      NUMERIC NOT NULL,
    old_a_value_mult   NUMERIC NOT NULL,
    new_ts_min_mult    NUMERIC NOT NULL,
    new_halo_mult      NUMERIC NOT NULL,
    new_a_value_mult   NUMERIC NOT NULL,
    evidence           JSONB NOT NULL,
    evidence_n         BIGINT NOT NULL,
    trigger_episode_id TEXT NOT NULL,
    decided_ts         TIMESTAMPTZ NOT NULL,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (judge, pattern_key, action_category, scope_subset, trigger_episode_id)
);

-- A challenger judge's proposals (--challenger.judge.*): its changes as pm_override_history holds the
-- live judge's, never applied; scored against the live judge's in the report.
CREATE TABLE pm_challenger_history (
    id                 BIGSERIAL PRIMARY KEY,
    pattern_key        TEXT NOT NULL,
    action_category    TEXT NOT NULL,
    scope_subset       JSONB NOT NULL,
    version            INTEGER NOT NULL,
    rule               TEXT NOT NULL,
    old_ts_min_mult    NUMERIC NOT NULL,
    old_halo_mult      NUMERIC NOT NULL,
    old_a_value_mult   NUMERIC NOT NULL,
    new_ts_min_mult    NUMERIC NOT NULL,
    new_halo_mult      NUMERIC NOT NULL,
    new_a_value_mult   NUMERIC NOT NULL,
    evidence           JSONB NOT NULL,
    evidence_n         BIGINT NOT NULL,
    trigger_episode_id TEXT NOT NULL,
    decided_ts         TIMESTAMPTZ NOT NULL,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (pattern_key, action_category, scope_subset, version)
);

-- The challenger of these tables: its judge options and when a run first and last carried it. One row.
CREATE TABLE pm_challenger (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    options      JSONB NOT NULL,
    first_run_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_run_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
