package io.pmtuner.cli.report;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pm-tuner-local.jar whatif}: the counterfactual of other multipliers for one gate, as a table on stdout. */
@Command(name = "whatif", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Over a run's recorded episodes: what a gate would have let through, and paid, at other multipliers (a counterfactual).")
public final class WhatIfCommand extends RecordedRunCommand {
    @Option(names = "--pattern", defaultValue = "pm.s1_entry", description = "Episode pattern: pm.s1_entry or pm.s3_retest (default ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--gate", defaultValue = "ts", description = "Gate: ts or halo (default ${DEFAULT-VALUE}).")
    String gate;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (!Report.PATTERNS.contains(pattern)) throw new CommandLine.ParameterException(cl, "--pattern must be one of " + Report.PATTERNS + ", not '" + pattern + "'");
        if (!Report.GATES.contains(gate)) throw new CommandLine.ParameterException(cl, "--gate must be one of " + Report.GATES + ", not '" + gate + "'");
        Report.Options options = options();
        java.io.PrintWriter out = cl.getOut();
        Report report = new Report(tables(), options);
        WhatIf.Answer a = report.answer(pattern, options.whatIfSubset(), gate);
        if (a.evidence() == 0) {
            cl.getErr().println("pm-tuner: no resolved " + pattern + " episode in " + Report.subset(options.whatIfSubset()) + " shows gate " + gate
                    + " with every other gate passing: nothing to ask");
            return 1;
        }
        out.printf("%s %s, gate %s: %d episodes%s; recorded %d through, %d succeeded; PM act rate on those %s; R=%s L=%s%n",
                pattern, Report.subset(options.whatIfSubset()), gate, a.evidence(), a.withoutBase() > 0 ? " (" + a.withoutBase() + " without base)" : "",
                a.recordedThrough(), a.recordedSuccesses(), Report.num(a.actRate()), Report.num(a.question().payoffWin()), Report.num(a.question().payoffLoss()));
        io.pmtuner.cli.TextTable.print(Report.whatIfRows(a), "", out::println);
        out.println("A counterfactual over recorded episodes: the engine's other reactions are not simulated.");
        return 0;
    }
}
