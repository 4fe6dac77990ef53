-- The options that shaped the tables (issue "honest"): lateness, horizon, windows, miner and judge. A
-- run whose options differ refuses to start rather than mix its rows with these; sweeps run side by
-- side in schemas of their own (--db.schema). One row.
CREATE TABLE pm_tuner_run_options (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    options      JSONB NOT NULL,
    first_run_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_run_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The lookup reads the overrides of the schema it lives in, whatever the caller's search_path: with one
-- schema per configuration, sweep_a.pm_effective_tuning must not read sweep_b's table.
ALTER FUNCTION pm_effective_tuning(TEXT, JSONB) SET search_path FROM CURRENT;
