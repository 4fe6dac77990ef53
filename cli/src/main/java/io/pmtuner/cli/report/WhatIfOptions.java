package io.pmtuner.cli.report;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** The what-if's question, shared by the report and the whatif command. */
public final class WhatIfOptions {
    @Option(names = "--whatif.subset", paramLabel = "JSON", defaultValue = "{}",
            description = "Scope subset the what-if runs over, as JSON, e.g. '{\"chain\":\"solana\"}' (default ${DEFAULT-VALUE}: every episode).")
    String subset;

    @Option(names = "--whatif.from", defaultValue = "0.8", description = "Smallest multiplier tried (default ${DEFAULT-VALUE}).")
    double from;

    @Option(names = "--whatif.to", defaultValue = "1.2", description = "Largest multiplier tried (default ${DEFAULT-VALUE}).")
    double to;

    @Option(names = "--whatif.step", defaultValue = "0.05", description = "Step between multipliers (default ${DEFAULT-VALUE}).")
    double step;

    @Option(names = "--payoff-win", paramLabel = "R",
            description = "Payoff of acting on a success (default: the run's --judge.payoff-win, else 1.0).")
    Double payoffWin;

    @Option(names = "--payoff-loss", paramLabel = "L",
            description = "Loss of acting on a failure (default: the run's --judge.payoff-loss, else 1.0).")
    Double payoffLoss;

    Map<String, String> subset(CommandLine cl) {
        try {
            return RecordedTables.object(subset);
        } catch (IllegalStateException e) {
            throw new CommandLine.ParameterException(cl, "--whatif.subset must be a JSON object of strings, not '" + subset + "'");
        }
    }

    List<Double> grid(CommandLine cl) {
        if (!(step > 0) || !(from > 0) || to < from || (to - from) / step > 1000) {
            throw new CommandLine.ParameterException(cl, "--whatif.from, --whatif.to, --whatif.step: need 0 < from <= to and a step > 0 giving at most 1000 rows");
        }
        return WhatIf.grid(from, to, step);
    }

    Report.Options reportOptions(CommandLine cl) {
        Report.Options d = Report.Options.defaults();
        if (payoffWin != null && !(payoffWin > 0) || payoffLoss != null && !(payoffLoss > 0)) {
            throw new CommandLine.ParameterException(cl, "--payoff-win and --payoff-loss must be positive");
        }
        return new Report.Options(d.topSubsets(), d.maxOverrides(), subset(cl), grid(cl), payoffWin, payoffLoss);
    }
}
