-- Database roles for pm-tuner (README, "Database roles"). Run as the role that owns the schema, after
-- the migrations (java -jar pm-tuner-local.jar migrate ...), and again after a
-- release that adds tables. Login roles are then made members of these group roles, e.g.
--   CREATE ROLE tuner_job LOGIN PASSWORD '...' IN ROLE pmtuner_writer;
--   CREATE ROLE engine LOGIN PASSWORD '...' IN ROLE pmtuner_reader;
--   CREATE ROLE desk LOGIN PASSWORD '...' IN ROLE pmtuner_operator;
-- and the job runs as tuner_job with --db.migrate false. The job never writes the control log; only
-- an operator does.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmtuner_writer') THEN
        CREATE ROLE pmtuner_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmtuner_reader') THEN
        CREATE ROLE pmtuner_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmtuner_operator') THEN
        CREATE ROLE pmtuner_operator NOLOGIN;
    END IF;
END
$$;

-- The job: upserts (INSERT ... ON CONFLICT reads the rows it may update), never DELETE, TRUNCATE or DDL.
GRANT USAGE ON SCHEMA public TO pmtuner_writer;
GRANT SELECT, INSERT, UPDATE ON pattern_episode_events, learning_lessons, pm_overrides TO pmtuner_writer;
GRANT SELECT, INSERT ON ingest_rejects, pm_override_history TO pmtuner_writer;
GRANT USAGE ON SEQUENCE pattern_episode_events_id_seq, ingest_rejects_id_seq, learning_lessons_id_seq,
    pm_override_history_id_seq TO pmtuner_writer;
-- the options that shaped the tables, checked and recorded at every start
GRANT SELECT, INSERT, UPDATE ON pm_tuner_run_options TO pmtuner_writer;
-- to check at start that the schema is at the build's version
GRANT SELECT ON flyway_schema_history TO pmtuner_writer;
-- the patterns its override keys belong to; the control log only to read (the gauges of controls in force)
GRANT SELECT ON pm_patterns, pm_controls TO pmtuner_writer;

-- An engine: reads its effective gates, nothing else.
GRANT USAGE ON SCHEMA public TO pmtuner_reader;
GRANT SELECT ON pm_overrides TO pmtuner_reader;
GRANT EXECUTE ON FUNCTION pm_effective_tuning(TEXT, JSONB) TO pmtuner_reader;
GRANT EXECUTE ON FUNCTION pm_effective_tuning_explained(TEXT, JSONB) TO pmtuner_reader;
-- the Java client: what applies to each key, and the patterns with their freezes
GRANT SELECT ON pm_applied_overrides, pm_patterns TO pmtuner_reader;

-- An operator: records controls (the schema checks each one), reads what is in force, and promotes a
-- challenger's options into the recorded run options; never changes the job's tables.
GRANT USAGE ON SCHEMA public TO pmtuner_operator;
GRANT SELECT, INSERT ON pm_controls TO pmtuner_operator;
GRANT USAGE ON SEQUENCE pm_controls_id_seq TO pmtuner_operator;
GRANT SELECT ON pm_patterns, pm_overrides, pm_override_history, pm_override_keys, pm_applied_overrides TO pmtuner_operator;
GRANT SELECT, UPDATE ON pm_tuner_run_options TO pmtuner_operator;
GRANT EXECUTE ON FUNCTION pm_effective_tuning(TEXT, JSONB), pm_effective_tuning_explained(TEXT, JSONB) TO pmtuner_operator;

-- Added with the change budget and the challenger judge (schema version 6).
GRANT SELECT, INSERT ON pm_judge_holds, pm_challenger_history TO pmtuner_writer;
GRANT USAGE ON SEQUENCE pm_judge_holds_id_seq, pm_challenger_history_id_seq TO pmtuner_writer;
GRANT SELECT, INSERT, UPDATE ON pm_challenger TO pmtuner_writer;
GRANT SELECT ON pm_judge_holds, pm_challenger_history, pm_challenger TO pmtuner_operator;
