package io.pmtuner.cli.report;

import io.pmtuner.cli.DatabaseOptions;
import io.pmtuner.cli.LocalDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command over a finished run's tables (report, whatif): where they are, and the what-if's question. */
abstract class RecordedRunCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    @Mixin
    WhatIfOptions whatIf = new WhatIfOptions();

    /** The report's options, after the what-if options are checked. */
    Report.Options options() {
        return whatIf.reportOptions(spec.commandLine());
    }

    /** The run's tables, read once. */
    RecordedTables tables() throws java.sql.SQLException {
        try (LocalDatabase.Opened opened = db.open(spec.commandLine())) {
            return RecordedTables.load(opened.settings());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
