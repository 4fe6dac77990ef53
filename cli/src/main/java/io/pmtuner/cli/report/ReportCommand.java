package io.pmtuner.cli.report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code pm-tuner-local.jar report}: the tables of a run as one page with charts, readable offline. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes DIR/index.html (self-contained: charts embedded) and DIR/charts/*.png and *.csv from a run's tables.")
public final class ReportCommand extends RecordedRunCommand {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the report into (created; files in it replaced).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Report.Options options = options();
        RecordedTables tables = tables();
        Files.createDirectories(out);
        Path page = Report.write(tables, options, out);
        spec.commandLine().getOut().println("Report: " + page.toAbsolutePath() + " (" + tables.episodes().size() + " episodes, " + tables.changes().size() + " override changes)");
        return 0;
    }
}
