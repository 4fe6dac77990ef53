-- pm_effective_tuning (README "How an engine reads its effective gates") answered 1.0/1.0/1.0 for a mistyped pattern key, as if there were no
-- override: an engine could not tell a typo from "not tuned". It now raises for a key it does not
-- know; the lookup itself is unchanged. CREATE OR REPLACE keeps the function's grants.
CREATE OR REPLACE FUNCTION pm_effective_tuning(pattern_key TEXT, scope JSONB)
RETURNS TABLE (ts_min_mult NUMERIC, halo_mult NUMERIC, a_value_mult NUMERIC, scope_subset JSONB)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    override_key TEXT := CASE $1 WHEN 'pm.s1_entry' THEN 'pm.tuning.s1_gates'
                                 WHEN 'pm.s3_retest' THEN 'pm.tuning.s3_gates'
                                 ELSE $1 END;
BEGIN
    IF override_key IS NULL OR override_key NOT IN ('pm.tuning.s1_gates', 'pm.tuning.s3_gates') THEN
        RAISE EXCEPTION 'pm_effective_tuning: unknown pattern key %', quote_nullable($1)
            USING HINT = 'use pm.s1_entry, pm.s3_retest, pm.tuning.s1_gates or pm.tuning.s3_gates',
                  ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH chosen AS (
        SELECT o.ts_min_mult, o.halo_mult, o.a_value_mult, o.scope_subset
        FROM pm_overrides o
        WHERE o.action_category = 'tuning'
          AND o.pattern_key = override_key
          AND COALESCE($2, '{}'::jsonb) @> o.scope_subset
        ORDER BY (SELECT count(*) FROM jsonb_object_keys(o.scope_subset)) DESC,
                 o.evidence_n DESC, o.decided_ts DESC, o.scope_subset::text COLLATE "C"
        LIMIT 1
    )
    SELECT c.ts_min_mult, c.halo_mult, c.a_value_mult, c.scope_subset FROM chosen c
    UNION ALL
    SELECT 1.0::numeric, 1.0::numeric, 1.0::numeric, NULL::jsonb WHERE NOT EXISTS (SELECT 1 FROM chosen);
END
$$;
