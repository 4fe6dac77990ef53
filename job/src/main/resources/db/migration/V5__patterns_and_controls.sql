-- Episode patterns and the override keys they drive, in one table: every function, constraint and
-- check that needs to know the pattern keys asks it. A new pattern is one row here.
CREATE TABLE pm_patterns (
    pattern_key TEXT PRIMARY KEY,
    tuning_key  TEXT UNIQUE NOT NULL
);
INSERT INTO pm_patterns (pattern_key, tuning_key) VALUES
    ('pm.s1_entry', 'pm.tuning.s1_gates'),
    ('pm.s3_retest', 'pm.tuning.s3_gates');

ALTER TABLE pm_overrides DROP CONSTRAINT pm_overrides_pattern_key_check;
ALTER TABLE pm_overrides ADD CONSTRAINT pm_overrides_pattern_key_fkey FOREIGN KEY (pattern_key) REFERENCES pm_patterns (tuning_key);

-- The override key of an episode pattern or of an override key; a key it does not know raises (a typo
-- must not read as "no override").
CREATE FUNCTION pm_tuning_key(key TEXT) RETURNS TEXT
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found TEXT;
BEGIN
    SELECT p.tuning_key INTO found FROM pm_patterns p WHERE p.pattern_key = key OR p.tuning_key = key;
    IF found IS NULL THEN
        RAISE EXCEPTION 'unknown pattern key %', quote_nullable(key)
            USING HINT = 'use one of ' || (SELECT string_agg(p.pattern_key || ', ' || p.tuning_key, ', ' ORDER BY p.pattern_key) FROM pm_patterns p),
                  ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN found;
END
$$;

-- The control log: what operators did, append-only, never written by the job. Each row is one action
-- on one pattern (pattern_key null: every pattern; freeze and unfreeze only) and one scope subset
-- (null: every subset of the pattern; mode, approve, freeze). What the engine reads is the judge's
-- proposals (pm_overrides, pm_override_history) under these rows: see pm_applied_override.
CREATE TABLE pm_controls (
    id           BIGSERIAL PRIMARY KEY,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    actor        TEXT NOT NULL CHECK (length(btrim(actor)) > 0),
    reason       TEXT NOT NULL CHECK (length(btrim(reason)) > 0),
    action       TEXT NOT NULL CHECK (action IN ('mode', 'approve', 'pin', 'unpin', 'freeze', 'unfreeze', 'rollback', 'bounds', 'promote')),
    pattern_key  TEXT REFERENCES pm_patterns (tuning_key),
    scope_subset JSONB,
    mode         TEXT CHECK (mode IN ('shadow', 'live')),
    ts_min_mult  NUMERIC,
    halo_mult    NUMERIC,
    a_value_mult NUMERIC,
    -- bounds: {"ts_min_mult": [low, high], ...}, narrower clamps for one key
    bounds       JSONB,
    -- rollback: the version whose multipliers apply; approve of one key: the proposal approved
    version      INTEGER,
    expires_at   TIMESTAMPTZ,
    -- promote: the judge options that become the live ones
    options      JSONB,
    CHECK ((action = 'mode') = (mode IS NOT NULL)),
    CHECK (action NOT IN ('mode', 'approve', 'pin', 'unpin', 'rollback', 'bounds') OR pattern_key IS NOT NULL),
    CHECK (action NOT IN ('pin', 'unpin', 'rollback', 'bounds') OR scope_subset IS NOT NULL),
    CHECK (action <> 'pin' OR (ts_min_mult IS NOT NULL AND halo_mult IS NOT NULL AND a_value_mult IS NOT NULL)),
    CHECK (action <> 'rollback' OR version IS NOT NULL),
    CHECK (action <> 'bounds' OR bounds IS NOT NULL),
    CHECK (action <> 'promote' OR options IS NOT NULL)
);
CREATE INDEX pm_controls_by_key ON pm_controls (pattern_key, id);

CREATE FUNCTION pm_controls_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pm_controls is append-only: record a new control instead of changing one (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER pm_controls_no_update BEFORE UPDATE OR DELETE ON pm_controls FOR EACH ROW EXECUTE FUNCTION pm_controls_append_only();
CREATE TRIGGER pm_controls_no_truncate BEFORE TRUNCATE ON pm_controls FOR EACH STATEMENT EXECUTE FUNCTION pm_controls_append_only();

-- The options the tables were written with (pm_tuner_run_options), one of them, or null before any run.
CREATE FUNCTION pm_run_option(name TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT r.options ->> name FROM pm_tuner_run_options r WHERE r.id = 1
$$;

-- A control is checked before it is recorded, whoever writes it (the control command or plain SQL):
-- a pattern is named by its episode or override key; a subset must be one the miner counts in; a
-- multiplier must lie within the judge's clamps; a version must exist. A refused control records nothing.
CREATE FUNCTION pm_controls_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    dims TEXT[];
    max_dims INTEGER;
    k TEXT;
    v JSONB;
    m TEXT;
    lo NUMERIC;
    hi NUMERIC;
BEGIN
    IF NEW.pattern_key IS NOT NULL THEN
        NEW.pattern_key := pm_tuning_key(NEW.pattern_key);
    END IF;
    IF NEW.expires_at IS NOT NULL AND NEW.expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at % is not in the future', NEW.expires_at USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.scope_subset IS NOT NULL THEN
        IF jsonb_typeof(NEW.scope_subset) <> 'object' THEN
            RAISE EXCEPTION 'a scope subset is a JSON object of dimension values, not %', NEW.scope_subset USING ERRCODE = 'check_violation';
        END IF;
        IF pm_run_option('--miner.dims') IS NULL THEN
            RAISE EXCEPTION 'no run has recorded the miner''s dimensions in these tables yet: a control on a scope subset needs one'
                USING ERRCODE = 'check_violation';
        END IF;
        dims := string_to_array(pm_run_option('--miner.dims'), ',');
        max_dims := pm_run_option('--miner.max-dims')::integer;
        FOR k, v IN SELECT * FROM jsonb_each(NEW.scope_subset) LOOP
            IF NOT (k = ANY (dims)) THEN
                RAISE EXCEPTION 'scope subset % names %, which is not one of the miner''s dimensions (%)', NEW.scope_subset, k,
                    array_to_string(dims, ', ') USING ERRCODE = 'check_violation';
            END IF;
            IF jsonb_typeof(v) <> 'string' THEN
                RAISE EXCEPTION 'scope subset %: the value of % must be a string', NEW.scope_subset, k USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
        IF (SELECT count(*) FROM jsonb_object_keys(NEW.scope_subset)) > max_dims THEN
            RAISE EXCEPTION 'scope subset % has more than the miner''s % dimensions', NEW.scope_subset, max_dims USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.action = 'pin' THEN
        PERFORM pm_check_multiplier('ts_min_mult', NEW.ts_min_mult);
        PERFORM pm_check_multiplier('halo_mult', NEW.halo_mult);
        PERFORM pm_check_multiplier('a_value_mult', NEW.a_value_mult);
    END IF;
    IF NEW.action = 'bounds' THEN
        IF jsonb_typeof(NEW.bounds) <> 'object' OR NEW.bounds = '{}'::jsonb THEN
            RAISE EXCEPTION 'bounds are {"ts_min_mult": [low, high], ...}, not %', NEW.bounds USING ERRCODE = 'check_violation';
        END IF;
        FOR m, v IN SELECT * FROM jsonb_each(NEW.bounds) LOOP
            IF m NOT IN ('ts_min_mult', 'halo_mult', 'a_value_mult') OR jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) <> 2 THEN
                RAISE EXCEPTION 'bounds are {"ts_min_mult": [low, high], ...}, not %', NEW.bounds USING ERRCODE = 'check_violation';
            END IF;
            lo := (v ->> 0)::numeric;
            hi := (v ->> 1)::numeric;
            PERFORM pm_check_multiplier(m, lo);
            PERFORM pm_check_multiplier(m, hi);
            IF lo > hi THEN
                RAISE EXCEPTION 'bounds of %: % is above %', m, lo, hi USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
    END IF;
    IF NEW.action = 'rollback' AND NOT EXISTS (SELECT 1 FROM pm_override_history h WHERE h.pattern_key = NEW.pattern_key
            AND h.action_category = 'tuning' AND h.scope_subset = NEW.scope_subset AND h.version = NEW.version) THEN
        RAISE EXCEPTION '% % has no version %: its versions are %', NEW.pattern_key, NEW.scope_subset, NEW.version,
            COALESCE((SELECT string_agg(h.version::text, ', ' ORDER BY h.version) FROM pm_override_history h
                      WHERE h.pattern_key = NEW.pattern_key AND h.action_category = 'tuning' AND h.scope_subset = NEW.scope_subset), 'none')
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.action = 'approve' AND NEW.scope_subset IS NOT NULL THEN
        SELECT o.version INTO NEW.version FROM pm_overrides o
        WHERE o.pattern_key = NEW.pattern_key AND o.action_category = 'tuning' AND o.scope_subset = NEW.scope_subset;
        IF NEW.version IS NULL THEN
            RAISE EXCEPTION '% % has no proposal to approve', NEW.pattern_key, NEW.scope_subset USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.action = 'unpin' AND NOT EXISTS (SELECT 1 FROM pm_applied_override(NEW.pattern_key, NEW.scope_subset) a
            WHERE a.source IN ('pin', 'rollback')) THEN
        RAISE EXCEPTION '% % is not pinned or rolled back: nothing to unpin', NEW.pattern_key, NEW.scope_subset USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.action = 'unfreeze' AND pm_freeze(NEW.pattern_key) IS NULL THEN
        RAISE EXCEPTION '% is not frozen: nothing to unfreeze', COALESCE(NEW.pattern_key, 'no pattern') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

-- A multiplier against the judge's clamps as the run recorded them (--judge.ts-min-mult-min, ...).
CREATE FUNCTION pm_check_multiplier(name TEXT, value NUMERIC) RETURNS VOID
LANGUAGE plpgsql STABLE AS $$
DECLARE
    opt TEXT := CASE name WHEN 'ts_min_mult' THEN '--judge.ts-min-mult' WHEN 'halo_mult' THEN '--judge.halo-mult' ELSE '--judge.a-value-mult' END;
    lo NUMERIC := pm_run_option(opt || '-min')::numeric;
    hi NUMERIC := pm_run_option(opt || '-max')::numeric;
BEGIN
    IF value IS NULL OR value <= 0 THEN
        RAISE EXCEPTION '% must be a positive number, not %', name, value USING ERRCODE = 'check_violation';
    END IF;
    IF lo IS NULL OR hi IS NULL THEN
        RAISE EXCEPTION 'no run has recorded the judge''s clamps in these tables yet: a multiplier needs them' USING ERRCODE = 'check_violation';
    END IF;
    IF value < lo OR value > hi THEN
        RAISE EXCEPTION '% % is outside the judge''s clamps [%, %]', name, value, lo, hi USING ERRCODE = 'check_violation';
    END IF;
END
$$;

-- The freeze in force for an override key (or null): the latest freeze or unfreeze of the key's
-- pattern or of every pattern, when it is a freeze that has not expired.
CREATE FUNCTION pm_freeze(p_key TEXT) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
    SELECT c.id FROM (
        SELECT * FROM pm_controls c
        WHERE c.action IN ('freeze', 'unfreeze') AND (c.pattern_key IS NULL OR c.pattern_key = p_key)
        ORDER BY c.id DESC LIMIT 1
    ) c
    WHERE c.action = 'freeze' AND (c.expires_at IS NULL OR c.expires_at > now())
$$;

-- The multipliers applied now for one override key under the control log, or no row when none apply:
--   a pin (or a rollback to a version) applies until an unpin, an approve, another pin or rollback, or
--   its expiry;
--   otherwise the key's mode (the latest mode control of the key or of its whole pattern; live when
--   there is none): live applies the latest proposal (pm_overrides); shadow keeps the proposal that
--   was current when shadow began, or when a later approve of the key or of its pattern was recorded;
--   bounds (the latest of the key, unexpired) clamp what applies.
-- source says where the values came from: proposal, approved (shadow), pin, rollback.
CREATE FUNCTION pm_applied_override(p_key TEXT, p_subset JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, source TEXT, version INTEGER, control_id BIGINT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    held pm_controls;
    mode_control pm_controls;
    approved pm_controls;
    bound pm_controls;
    h pm_override_history;
    o pm_overrides;
    as_of TIMESTAMPTZ;
    m TEXT;
    lim JSONB;
BEGIN
    SELECT * INTO held FROM pm_controls c
    WHERE c.pattern_key = p_key
      AND ((c.action IN ('pin', 'unpin', 'rollback') AND c.scope_subset = p_subset)
           OR (c.action = 'approve' AND (c.scope_subset IS NULL OR c.scope_subset = p_subset)))
    ORDER BY c.id DESC LIMIT 1;
    IF held.action IN ('pin', 'rollback') AND (held.expires_at IS NULL OR held.expires_at > now()) THEN
        control_id := held.id;
        source := held.action;
        IF held.action = 'pin' THEN
            ts_min_mult := held.ts_min_mult;
            halo_mult := held.halo_mult;
            a_value_mult := held.a_value_mult;
            SELECT x.version INTO version FROM pm_overrides x
            WHERE x.pattern_key = p_key AND x.action_category = 'tuning' AND x.scope_subset = p_subset;
        ELSE
            SELECT * INTO h FROM pm_override_history x
            WHERE x.pattern_key = p_key AND x.action_category = 'tuning' AND x.scope_subset = p_subset AND x.version = held.version;
            ts_min_mult := h.new_ts_min_mult;
            halo_mult := h.new_halo_mult;
            a_value_mult := h.new_a_value_mult;
            version := h.version;
        END IF;
    ELSE
        SELECT * INTO mode_control FROM pm_controls c
        WHERE c.action = 'mode' AND c.pattern_key = p_key AND (c.scope_subset IS NULL OR c.scope_subset = p_subset)
        ORDER BY c.id DESC LIMIT 1;
        IF mode_control.mode = 'shadow' THEN
            SELECT * INTO approved FROM pm_controls c
            WHERE c.action = 'approve' AND c.pattern_key = p_key AND (c.scope_subset IS NULL OR c.scope_subset = p_subset)
              AND c.id > mode_control.id
            ORDER BY c.id DESC LIMIT 1;
            as_of := COALESCE(approved.recorded_at, mode_control.recorded_at);
            SELECT * INTO h FROM pm_override_history x
            WHERE x.pattern_key = p_key AND x.action_category = 'tuning' AND x.scope_subset = p_subset AND x.recorded_at <= as_of
            ORDER BY x.version DESC LIMIT 1;
            IF h.version IS NULL THEN
                RETURN;
            END IF;
            ts_min_mult := h.new_ts_min_mult;
            halo_mult := h.new_halo_mult;
            a_value_mult := h.new_a_value_mult;
            version := h.version;
            source := 'approved';
            control_id := COALESCE(approved.id, mode_control.id);
        ELSE
            SELECT * INTO o FROM pm_overrides x WHERE x.pattern_key = p_key AND x.action_category = 'tuning' AND x.scope_subset = p_subset;
            IF o.version IS NULL THEN
                RETURN;
            END IF;
            ts_min_mult := o.ts_min_mult;
            halo_mult := o.halo_mult;
            a_value_mult := o.a_value_mult;
            version := o.version;
            source := 'proposal';
            control_id := mode_control.id;
        END IF;
    END IF;
    SELECT * INTO bound FROM pm_controls c
    WHERE c.action = 'bounds' AND c.pattern_key = p_key AND c.scope_subset = p_subset
    ORDER BY c.id DESC LIMIT 1;
    IF bound.id IS NOT NULL AND (bound.expires_at IS NULL OR bound.expires_at > now()) THEN
        FOR m, lim IN SELECT * FROM jsonb_each(bound.bounds) LOOP
            CASE m
                WHEN 'ts_min_mult' THEN ts_min_mult := LEAST(GREATEST(ts_min_mult, (lim ->> 0)::numeric), (lim ->> 1)::numeric);
                WHEN 'halo_mult' THEN halo_mult := LEAST(GREATEST(halo_mult, (lim ->> 0)::numeric), (lim ->> 1)::numeric);
                ELSE a_value_mult := LEAST(GREATEST(a_value_mult, (lim ->> 0)::numeric), (lim ->> 1)::numeric);
            END CASE;
        END LOOP;
    END IF;
    RETURN NEXT;
END
$$;

CREATE TRIGGER pm_controls_check BEFORE INSERT ON pm_controls FOR EACH ROW EXECUTE FUNCTION pm_controls_check();

-- Every override key the engine can be given: those the judge proposed and those pinned or rolled back.
CREATE VIEW pm_override_keys AS
    SELECT o.pattern_key, o.scope_subset, o.evidence_n, o.decided_ts FROM pm_overrides o WHERE o.action_category = 'tuning'
    UNION
    SELECT DISTINCT c.pattern_key, c.scope_subset, 0::bigint, NULL::timestamptz FROM pm_controls c
    WHERE c.action IN ('pin', 'rollback')
      AND NOT EXISTS (SELECT 1 FROM pm_overrides o WHERE o.pattern_key = c.pattern_key AND o.action_category = 'tuning'
                      AND o.scope_subset = c.scope_subset);

-- What applies now to every key, with where it came from, and the freeze in force for its pattern:
-- what the Java client loads (it resolves a scope the way pm_effective_tuning does).
CREATE VIEW pm_applied_overrides AS
    SELECT k.pattern_key, k.scope_subset, a.ts_min_mult, a.halo_mult, a.a_value_mult, a.source, a.version, a.control_id,
           k.evidence_n, k.decided_ts
    FROM pm_override_keys k CROSS JOIN LATERAL pm_applied_override(k.pattern_key, k.scope_subset) a;

-- The engine's lookup, under the control log: a freeze of the pattern (or of every pattern) answers the
-- values before any override (1.0, 1.0, 1.0) at once; otherwise, among the keys whose subset the scope
-- contains and to which something applies, the most specific (ties: more evidence, the later
-- decision, then the subset's text). One row, saying where its values came from.
CREATE FUNCTION pm_effective_tuning_explained(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB, source TEXT, version INTEGER,
               control_id BIGINT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k TEXT := pm_tuning_key($1);
    frozen BIGINT := pm_freeze(k);
BEGIN
    IF frozen IS NOT NULL THEN
        RETURN QUERY SELECT 1.0::numeric, 1.0::numeric, 1.0::numeric, NULL::jsonb, 'freeze'::text, NULL::integer, frozen;
        RETURN;
    END IF;
    RETURN QUERY
    WITH chosen AS (
        SELECT a.ts_min_mult, a.halo_mult, a.a_value_mult, keys.scope_subset, a.source, a.version, a.control_id
        FROM pm_override_keys keys CROSS JOIN LATERAL pm_applied_override(k, keys.scope_subset) a
        WHERE keys.pattern_key = k AND COALESCE($2, '{}'::jsonb) @> keys.scope_subset
        ORDER BY (SELECT count(*) FROM jsonb_object_keys(keys.scope_subset)) DESC,
                 keys.evidence_n DESC, keys.decided_ts DESC NULLS LAST, keys.scope_subset::text COLLATE "C"
        LIMIT 1
    )
    SELECT c.ts_min_mult, c.halo_mult, c.a_value_mult, c.scope_subset, c.source, c.version, c.control_id FROM chosen c
    UNION ALL
    SELECT 1.0::numeric, 1.0::numeric, 1.0::numeric, NULL::jsonb, 'none'::text, NULL::integer, NULL::bigint
    WHERE NOT EXISTS (SELECT 1 FROM chosen);
END
$$;

-- The lookup's four columns, as before: what the engine applies.
CREATE OR REPLACE FUNCTION pm_effective_tuning(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB)
LANGUAGE sql STABLE AS $$
    SELECT e.ts_min_mult, e.halo_mult, e.a_value_mult, e.scope_subset FROM pm_effective_tuning_explained($1, $2) e
$$;

-- Each function reads the tables of the schema it lives in, whatever the caller's search_path (one
-- schema per configuration, --db.schema), and with the rights of the schema's owner: an engine may
-- execute the lookup without reading the tables behind it, and an operator may record a control
-- without reading the tables its checks read (deploy/db/grants.sql).
ALTER FUNCTION pm_tuning_key(TEXT) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_run_option(TEXT) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_controls_check() SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_check_multiplier(TEXT, NUMERIC) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_freeze(TEXT) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_applied_override(TEXT, JSONB) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_effective_tuning_explained(TEXT, JSONB) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_effective_tuning(TEXT, JSONB) SET search_path FROM CURRENT;
