-- The engine's lookup at the size of a real desk (10 000 override keys, 1 000 controls): instead of
-- testing every key of the pattern for containment and resolving each under the controls, the lookup
-- enumerates the subsets of the scope (over the miner's dimensions, as recorded by the run) and probes
-- them by equality, most specific first, resolving only until one applies; the control log is read
-- through indexes by key. Same answers as before (ControlsITCase, EffectiveTuningITCase).

CREATE INDEX pm_controls_by_action ON pm_controls (pattern_key, action, scope_subset, id);
CREATE INDEX pm_controls_whole_pattern ON pm_controls (pattern_key, action, id) WHERE scope_subset IS NULL;
CREATE INDEX pm_controls_freezes ON pm_controls (id) WHERE action IN ('freeze', 'unfreeze');

-- plpgsql rather than sql below: PostgreSQL plans a (non-inlined) sql function's query at every call,
-- a plpgsql function's once per session.

CREATE OR REPLACE FUNCTION pm_run_option(name TEXT) RETURNS TEXT
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT r.options ->> name FROM pm_tuner_run_options r WHERE r.id = 1);
END
$$;

-- The freeze in force for an override key (or null): the latest freeze or unfreeze of the key's
-- pattern or of every pattern, when it is a freeze that has not expired.
CREATE OR REPLACE FUNCTION pm_freeze(p_key TEXT) RETURNS BIGINT
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT c.id FROM (
                SELECT * FROM pm_controls c
                WHERE c.action IN ('freeze', 'unfreeze') AND (c.pattern_key IS NULL OR c.pattern_key = p_key)
                ORDER BY c.id DESC LIMIT 1
            ) c
            WHERE c.action = 'freeze' AND (c.expires_at IS NULL OR c.expires_at > now()));
END
$$;

-- The multipliers applied now for one override key under the control log (as in V5): a pin or
-- rollback until an unpin, an approve, another pin or rollback, or its expiry; otherwise the key's
-- mode (live: the latest proposal; shadow: the proposal current when shadow began or at the latest
-- approve); bounds clamp what applies.
CREATE OR REPLACE FUNCTION pm_applied_override(p_key TEXT, p_subset JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, source TEXT, version INTEGER, control_id BIGINT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    held pm_controls;
    held_key pm_controls;
    approve_key pm_controls;
    approve_all pm_controls;
    mode_key pm_controls;
    mode_all pm_controls;
    mode_control pm_controls;
    approved pm_controls;
    bound pm_controls;
    h pm_override_history;
    o pm_overrides;
    as_of TIMESTAMPTZ;
    m TEXT;
    lim JSONB;
BEGIN
    -- the latest controls that bear on the key, each one index probe (a pin, unpin or rollback is of one
    -- key; an approve or a mode of one key or of the whole pattern)
    held_key := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset = p_subset
                 AND x.action IN ('pin', 'unpin', 'rollback', 'approve') ORDER BY x.id DESC LIMIT 1);
    approve_all := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset IS NULL AND x.action = 'approve'
                    ORDER BY x.id DESC LIMIT 1);
    held := CASE WHEN COALESCE(approve_all.id, 0) > COALESCE(held_key.id, 0) THEN approve_all ELSE held_key END;
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
        mode_key := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset = p_subset AND x.action = 'mode'
                     ORDER BY x.id DESC LIMIT 1);
        mode_all := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset IS NULL AND x.action = 'mode'
                     ORDER BY x.id DESC LIMIT 1);
        mode_control := CASE WHEN COALESCE(mode_all.id, 0) > COALESCE(mode_key.id, 0) THEN mode_all ELSE mode_key END;
        IF mode_control.mode = 'shadow' THEN
            approve_key := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset = p_subset AND x.action = 'approve'
                            ORDER BY x.id DESC LIMIT 1);
            approved := CASE WHEN COALESCE(approve_all.id, 0) > COALESCE(approve_key.id, 0) THEN approve_all ELSE approve_key END;
            IF approved.id <= mode_control.id THEN
                approved := NULL;
            END IF;
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
    bound := (SELECT x FROM pm_controls x WHERE x.pattern_key = p_key AND x.scope_subset = p_subset AND x.action = 'bounds'
              ORDER BY x.id DESC LIMIT 1);
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

-- The lookup, under the control log: a freeze of the pattern (or of every pattern) answers the values
-- before any override (1.0, 1.0, 1.0) at once; otherwise, among the keys whose subset the scope
-- contains and to which something applies, the most specific (ties: more evidence, the later
-- decision, then the subset's text). One row, saying where its values came from. The candidate
-- subsets are those of the scope over the miner's dimensions (every key of the scope when no run has
-- recorded them), probed by equality.
CREATE OR REPLACE FUNCTION pm_effective_tuning_explained(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB, source TEXT, version INTEGER,
               control_id BIGINT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k TEXT := pm_tuning_key($1);
    frozen BIGINT := pm_freeze(k);
    dims TEXT[] := string_to_array(pm_run_option('--miner.dims'), ',');
    subsets JSONB[];
    candidate RECORD;
BEGIN
    IF frozen IS NOT NULL THEN
        RETURN QUERY SELECT 1.0::numeric, 1.0::numeric, 1.0::numeric, NULL::jsonb, 'freeze'::text, NULL::integer, frozen;
        RETURN;
    END IF;
    -- every subset of the scope's pairs over the miner's dimensions ({} included)
    WITH present AS (
        SELECT e.key, e.value, (row_number() OVER (ORDER BY e.key) - 1)::int AS i
        FROM jsonb_each(COALESCE($2, '{}'::jsonb)) e
        WHERE dims IS NULL OR e.key = ANY (dims)
    )
    SELECT array_agg(COALESCE((SELECT jsonb_object_agg(p.key, p.value) FROM present p WHERE (bits >> p.i) & 1 = 1), '{}'::jsonb))
    INTO subsets
    FROM generate_series(0::bigint, (1::bigint << (SELECT count(*) FROM present)::int) - 1) bits;
    -- the keys among them (proposed, or pinned or rolled back), most specific first, probed by equality
    FOR candidate IN
        -- per subset, a probe of the unique key (OFFSET 0 keeps it one: the plan must not depend on statistics)
        SELECT u.s AS subset FROM unnest(subsets) u(s)
        CROSS JOIN LATERAL (
            SELECT o.evidence_n, o.decided_ts FROM pm_overrides o
            WHERE o.pattern_key = k AND o.action_category = 'tuning' AND o.scope_subset = u.s
            UNION ALL
            SELECT 0::bigint, NULL::timestamptz
            WHERE NOT EXISTS (SELECT 1 FROM pm_overrides o WHERE o.pattern_key = k AND o.action_category = 'tuning' AND o.scope_subset = u.s)
              AND EXISTS (SELECT 1 FROM pm_controls x WHERE x.pattern_key = k AND x.action IN ('pin', 'rollback') AND x.scope_subset = u.s)
            OFFSET 0
        ) c
        ORDER BY (SELECT count(*) FROM jsonb_object_keys(u.s)) DESC, c.evidence_n DESC, c.decided_ts DESC NULLS LAST, u.s::text COLLATE "C"
    LOOP
        RETURN QUERY SELECT a.ts_min_mult, a.halo_mult, a.a_value_mult, candidate.subset, a.source, a.version, a.control_id
                     FROM pm_applied_override(k, candidate.subset) a;
        IF FOUND THEN
            RETURN;
        END IF;
    END LOOP;
    RETURN QUERY SELECT 1.0::numeric, 1.0::numeric, 1.0::numeric, NULL::jsonb, 'none'::text, NULL::integer, NULL::bigint;
END
$$;

-- the four columns, as before
CREATE OR REPLACE FUNCTION pm_effective_tuning(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT e.ts_min_mult, e.halo_mult, e.a_value_mult, e.scope_subset FROM pm_effective_tuning_explained($1, $2) e;
END
$$;

-- as in V5: each function reads the tables of its own schema, with the rights of the schema's owner
ALTER FUNCTION pm_run_option(TEXT) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_freeze(TEXT) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_applied_override(TEXT, JSONB) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_effective_tuning_explained(TEXT, JSONB) SECURITY DEFINER SET search_path FROM CURRENT;
ALTER FUNCTION pm_effective_tuning(TEXT, JSONB) SET search_path FROM CURRENT;
