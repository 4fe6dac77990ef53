package io.pmtuner.job.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pm-tuner-local.jar report}: the tables of a run as one page with charts, readable offline. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes DIR/index.html (self-contained: charts embedded) and DIR/charts/*.png and *.csv from a run's tables.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the report into (created; files in it replaced).")
    Path out;

    @Mixin
    WhatIfOptions whatIf = new WhatIfOptions();

    @Override
    public Integer call() throws Exception {
        Report.Options options = whatIf.reportOptions(spec.commandLine());
        var settings = db.settings(spec.commandLine());
        Files.createDirectories(out);
        RecordedTables tables = RecordedTables.load(settings);
        Path page = Report.write(tables, options, out);
        spec.commandLine().getOut().println("Report: " + page.toAbsolutePath() + " (" + tables.episodes().size() + " episodes, " + tables.changes().size() + " override changes)");
        return 0;
    }
}
