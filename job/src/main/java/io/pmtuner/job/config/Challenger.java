package io.pmtuner.job.config;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A challenger judge's options: the judge's own options again, each under {@code --challenger.}
 * ({@code --challenger.judge.mode calibrated --challenger.judge.payoff-loss 3}), parsed by the same
 * {@link JudgeSettings} with the same defaults. Anything else left unmatched on a command line is an
 * unknown option.
 */
final class Challenger {
    static final String PREFIX = "--challenger.";

    private Challenger() {}

    /** The challenger's settings from the unmatched arguments, or null when there are none. */
    static JudgeSettings parse(CommandLine cl, List<String> unmatched) {
        if (unmatched.isEmpty()) return null;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < unmatched.size(); i++) {
            String a = unmatched.get(i);
            if (!a.startsWith(PREFIX)) throw new CommandLine.ParameterException(cl, "Unknown option: '" + a + "'");
            String option = "--" + a.substring(PREFIX.length());
            if (!option.startsWith("--judge.")) {
                throw new CommandLine.ParameterException(cl, "Unknown option: '" + a + "' (a challenger takes the --judge.* options, as --challenger.judge.*)");
            }
            args.add(option);
            // a value is the next argument unless it is given with '='
            if (!option.contains("=") && i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--")) args.add(unmatched.get(++i));
        }
        JudgeSettings s = new JudgeSettings();
        try {
            new CommandLine(s).parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new CommandLine.ParameterException(cl, "challenger: " + e.getMessage().replace("'--judge.", "'--challenger.judge."));
        }
        String problems = s.problems();
        if (!problems.isEmpty()) throw new CommandLine.ParameterException(cl, "challenger: " + problems.replace("--judge.", "--challenger.judge."));
        return s;
    }

    /** Every option of the challenger with its value, by the live judge's option name (recorded in {@code pm_challenger}). */
    static Map<String, String> options(JudgeSettings s) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> args = s.asArguments();
        for (int i = 0; i + 1 < args.size(); i += 2) out.put(args.get(i), args.get(i + 1));
        return out;
    }
}
