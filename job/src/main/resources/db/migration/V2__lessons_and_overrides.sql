-- The miner's lessons (docs/design.md "Tables"; README "Our readings: the miner"): one row per (lesson_type, pattern_key, scope_subset), upserted as
-- the counts change. n_acted and n_skipped count success and failure only (the rates' denominators);
-- neutral and data-gap episodes are counted apart. blocked_by: for missed episodes (skipped, then
-- success), how many each gate blocked. n_votes orders the writes: a row only moves forward.
CREATE TABLE learning_lessons (
    id                BIGSERIAL PRIMARY KEY,
    lesson_type       TEXT NOT NULL,
    pattern_key       TEXT NOT NULL,
    scope_subset      JSONB NOT NULL,
    n_acted           BIGINT NOT NULL,
    n_skipped         BIGINT NOT NULL,
    n_acted_success   BIGINT NOT NULL,
    n_acted_failure   BIGINT NOT NULL,
    n_skipped_success BIGINT NOT NULL,
    n_skipped_failure BIGINT NOT NULL,
    n_neutral         BIGINT NOT NULL,
    n_data_gap        BIGINT NOT NULL,
    wr                DOUBLE PRECISION,
    fpr               DOUBLE PRECISION,
    mr                DOUBLE PRECISION,
    dr                DOUBLE PRECISION,
    blocked_by        JSONB NOT NULL,
    n_votes           BIGINT NOT NULL,
    last_event_ts     TIMESTAMPTZ,
    last_episode_id   TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (lesson_type, pattern_key, scope_subset)
);

-- The judge's overrides (docs/design.md "Tables"; README "Choosing a judge"): the current multipliers per scope subset. version counts the
-- changes and orders the writes; evidence_n is the number of episodes the last change rested on,
-- which also ranks equally specific overrides at run time (README "How an engine reads its effective gates").
CREATE TABLE pm_overrides (
    pattern_key        TEXT NOT NULL CHECK (pattern_key IN ('pm.tuning.s1_gates', 'pm.tuning.s3_gates')),
    action_category    TEXT NOT NULL,
    scope_subset       JSONB NOT NULL,
    ts_min_mult        NUMERIC NOT NULL,
    halo_mult          NUMERIC NOT NULL,
    a_value_mult       NUMERIC NOT NULL,
    evidence           JSONB NOT NULL,
    evidence_n         BIGINT NOT NULL,
    rule               TEXT NOT NULL,
    trigger_episode_id TEXT NOT NULL,
    version            INTEGER NOT NULL,
    decided_ts         TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pattern_key, action_category, scope_subset)
);

-- Every change, append-only; (key, version) makes a replayed change write nothing new.
CREATE TABLE pm_override_history (
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

-- The runtime lookup (README "How an engine reads its effective gates"): the most specific override whose scope_subset is contained in the
-- scope (ties: more evidence, then the later decision, then the subset's text so the answer is
-- stable), or all multipliers 1.0 and a null subset. Takes the override key (pm.tuning.s1_gates) or
-- the episode pattern that drives it (pm.s1_entry).
CREATE FUNCTION pm_effective_tuning(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB)
LANGUAGE sql STABLE AS $$
    WITH chosen AS (
        SELECT o.ts_min_mult, o.halo_mult, o.a_value_mult, o.scope_subset
        FROM pm_overrides o
        WHERE o.action_category = 'tuning'
          AND o.pattern_key = CASE $1 WHEN 'pm.s1_entry' THEN 'pm.tuning.s1_gates'
                                      WHEN 'pm.s3_retest' THEN 'pm.tuning.s3_gates'
                                      ELSE $1 END
          AND COALESCE($2, '{}'::jsonb) @> o.scope_subset
        ORDER BY (SELECT count(*) FROM jsonb_object_keys(o.scope_subset)) DESC,
                 o.evidence_n DESC, o.decided_ts DESC, o.scope_subset::text COLLATE "C"
        LIMIT 1
    )
    SELECT c.ts_min_mult, c.halo_mult, c.a_value_mult, c.scope_subset FROM chosen c
    UNION ALL
    SELECT 1.0, 1.0, 1.0, NULL::jsonb WHERE NOT EXISTS (SELECT 1 FROM chosen)
$$;
