package io.pmtuner.job.config;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.pmtuner.core.tuning.ChangeBudget;
import io.pmtuner.core.tuning.JudgeParameters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The judge's mode, thresholds, steps and clamps (README "Choosing a judge"; docs/judges.md); every one an option with the documented default.
 * The clamps bound both modes; the thresholds and steps are the {@code spec} mode's.
 */
public class JudgeSettings implements Serializable {
    private static final long serialVersionUID = 1L;


    @Option(names = "--judge.mode", defaultValue = "spec",
            description = "spec: rate rules (FPR, MR, WR); calibrated: each gate calibrated against the payoff (default ${DEFAULT-VALUE}).")
    public JudgeParameters.Mode mode;

    @Option(names = "--judge.payoff-win", defaultValue = "1.0",
            description = "Calibrated judge: what acting on a success earns, R (default ${DEFAULT-VALUE}).")
    public double payoffWin;

    @Option(names = "--judge.payoff-loss", defaultValue = "1.0",
            description = "Calibrated judge: what acting on a failure loses, L; break-even success rate L / (R + L) (default ${DEFAULT-VALUE}).")
    public double payoffLoss;

    @Mixin
    public CalibrationSettings calibration = new CalibrationSettings();

    @Option(names = "--judge.min-episodes", defaultValue = "30",
            description = "Episodes resolved success or failure in the evidence window before any rule (default ${DEFAULT-VALUE}).")
    public int minEpisodes;

    @Option(names = "--judge.min-acted", defaultValue = "10", description = "Acted episodes needed for the FPR and WR rules (default ${DEFAULT-VALUE}).")
    public int minActed;

    @Option(names = "--judge.min-skipped", defaultValue = "10", description = "Skipped episodes needed for the MR rule (default ${DEFAULT-VALUE}).")
    public int minSkipped;

    @Option(names = "--judge.fpr-max", defaultValue = "0.5", description = "Tighten when FPR is above this (default ${DEFAULT-VALUE}).")
    public double fprMax;

    @Option(names = "--judge.mr-max", defaultValue = "0.6", description = "Loosen when MR is above this (default ${DEFAULT-VALUE}).")
    public double mrMax;

    @Option(names = "--judge.wr-min", defaultValue = "0.7", description = "Raise size when WR is above this (default ${DEFAULT-VALUE}).")
    public double wrMin;

    @Option(names = "--judge.tighten-ts-step", defaultValue = "1.1", description = "Tighten: ts_min_mult is multiplied by this (default ${DEFAULT-VALUE}).")
    public double tightenTsStep;

    @Option(names = "--judge.tighten-halo-step", defaultValue = "0.8", description = "Tighten: halo_mult is multiplied by this (default ${DEFAULT-VALUE}).")
    public double tightenHaloStep;

    @Option(names = "--judge.loosen-ts-step", defaultValue = "0.9", description = "Loosen ts: ts_min_mult is multiplied by this (default ${DEFAULT-VALUE}).")
    public double loosenTsStep;

    @Option(names = "--judge.loosen-halo-step", defaultValue = "1.2", description = "Loosen halo: halo_mult is multiplied by this (default ${DEFAULT-VALUE}).")
    public double loosenHaloStep;

    @Option(names = "--judge.aggression-step", defaultValue = "1.1", description = "Aggression: a_value_mult is multiplied by this (default ${DEFAULT-VALUE}).")
    public double aggressionStep;

    @Option(names = "--judge.ts-min-mult-min", defaultValue = "0.5", description = "Lowest ts_min_mult (default ${DEFAULT-VALUE}).")
    public double tsMinMultMin;

    @Option(names = "--judge.ts-min-mult-max", defaultValue = "1.5", description = "Highest ts_min_mult (default ${DEFAULT-VALUE}).")
    public double tsMinMultMax;

    @Option(names = "--judge.halo-mult-min", defaultValue = "0.5", description = "Lowest halo_mult (default ${DEFAULT-VALUE}).")
    public double haloMultMin;

    @Option(names = "--judge.halo-mult-max", defaultValue = "2.0", description = "Highest halo_mult (default ${DEFAULT-VALUE}).")
    public double haloMultMax;

    @Option(names = "--judge.a-value-mult-min", defaultValue = "0.5", description = "Lowest a_value_mult (default ${DEFAULT-VALUE}).")
    public double aValueMultMin;

    @Option(names = "--judge.a-value-mult-max", defaultValue = "1.5", description = "Highest a_value_mult (default ${DEFAULT-VALUE}).")
    public double aValueMultMax;

    /**
     * These settings as the options that give them ({@code --judge.mode calibrated --judge.payoff-win 1.0 ...}),
     * every option with its value: a run started from them judges exactly as these settings say.
     */
    public java.util.List<String> asArguments() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec o : new picocli.CommandLine(this).getCommandSpec().options()) {
            Object value = valueOf(o); // an Object: String.valueOf(T) would pick the char[] overload
            out.add(o.longestName());
            out.add(String.valueOf(value));
        }
        return out;
    }

    @Option(names = "--judge.budget.changes-per-day", defaultValue = "0", paramLabel = "N",
            description = "At most N changes per override key per event-time day (UTC); a judgment beyond it is held, counted and recorded"
                    + " (pm_judge_holds); 0 = no limit (default ${DEFAULT-VALUE}).")
    public int budgetChangesPerDay;

    @Option(names = "--judge.budget.max-step", defaultValue = "0", paramLabel = "X",
            description = "The largest move of any multiplier in one change: a judgment asking for more moves this far; 0 = no limit"
                    + " (default ${DEFAULT-VALUE}).")
    public double budgetMaxStep;

    @Option(names = "--judge.size", paramLabel = "none|spec|payoff",
            description = "How the calibrated judge sizes (a_value_mult): none = stays 1.0; spec = the spec judge's rule, raised by"
                    + " --judge.aggression-step while the acted win rate is above --judge.wr-min; payoff = the Kelly fraction of the acted"
                    + " setups the gate lets through, over --judge.size-reference (default: payoff in calibrated mode; the spec judge"
                    + " always sizes by its rule).")
    public JudgeParameters.Size size;

    @Option(names = "--judge.size-reference", defaultValue = "0.3",
            description = "With --judge.size payoff: the fraction of wealth a stake at a_value_mult 1.0 stands for (default ${DEFAULT-VALUE}).")
    public double sizeReference;

    /** An independent copy (the settings are plain serializable values). */
    public JudgeSettings copy() {
        try {
            return org.apache.flink.util.InstantiationUtil.clone(this);
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("JudgeSettings did not copy", e);
        }
    }

    /** The problems with these settings, or an empty string. */
    String problems() {
        StringBuilder sb = new StringBuilder();
        if (minEpisodes < 1 || minActed < 0 || minSkipped < 0) sb.append("--judge.min-* must not be negative (min-episodes at least 1). ");
        if (tsMinMultMin > tsMinMultMax || haloMultMin > haloMultMax || aValueMultMin > aValueMultMax) {
            sb.append("a --judge.*-min clamp is above its -max. ");
        }
        if (tightenTsStep <= 0 || tightenHaloStep <= 0 || loosenTsStep <= 0 || loosenHaloStep <= 0 || aggressionStep <= 0) {
            sb.append("--judge.*-step values must be positive. ");
        }
        if (!(payoffWin > 0) || !(payoffLoss > 0)) sb.append("--judge.payoff-win and --judge.payoff-loss must be positive. ");
        if (budgetChangesPerDay < 0 || budgetMaxStep < 0) sb.append("--judge.budget.* must not be negative. ");
        if (size != null && size != JudgeParameters.Size.spec && mode != JudgeParameters.Mode.calibrated) {
            sb.append("--judge.size " + size + " needs --judge.mode calibrated. ");
        }
        if (!(sizeReference > 0)) sb.append("--judge.size-reference must be positive. ");
        sb.append(calibration.problems());
        return sb.toString().trim();
    }

    /** An option's value as a run records it: --judge.size, whose default depends on the mode, as in force. */
    public Object valueOf(picocli.CommandLine.Model.OptionSpec o) {
        Object value = o.getValue();
        return value == null && o.longestName().equals("--judge.size") ? effectiveSize() : value;
    }

    /** The size rule in force: as given, else payoff in calibrated mode (it beat the win-rate rule in every wealth world) and the spec rule otherwise. */
    public JudgeParameters.Size effectiveSize() {
        if (size != null) return size;
        return mode == JudgeParameters.Mode.calibrated ? JudgeParameters.Size.payoff : JudgeParameters.Size.spec;
    }

    /** These settings as the judges' parameters. */
    public JudgeParameters parameters() {
        return new JudgeParameters(mode, payoffWin, payoffLoss, calibration.parameters(), minEpisodes, minActed, minSkipped, fprMax, mrMax, wrMin, tightenTsStep, tightenHaloStep, loosenTsStep, loosenHaloStep, aggressionStep, tsMinMultMin, tsMinMultMax, haloMultMin, haloMultMax, aValueMultMin, aValueMultMax, new ChangeBudget(budgetChangesPerDay, budgetMaxStep), effectiveSize(), sizeReference);
    }

    /** Settings at the documented defaults, as the options give them (the defaults are written once, on the options). */
    public static JudgeSettings withDefaults() {
        JudgeSettings s = new JudgeSettings();
        new picocli.CommandLine(s).parseArgs();
        return s;
    }

    /**
     * Settings as recorded by a run ({@code pm_tuner_run_options}, by option name): the judge's options among
     * them, each one not recorded (tables of an older build) at its default.
     */
    public static JudgeSettings recorded(Map<String, String> options) {
        JudgeSettings s = new JudgeSettings();
        picocli.CommandLine cl = new picocli.CommandLine(s);
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> {
            // an option without a value is recorded as "null": it stays at its default
            if (value != null && !value.equals("null") && cl.getCommandSpec().findOption(name) != null) args.add(name + "=" + value);
        });
        cl.parseArgs(args.toArray(new String[0]));
        return s;
    }

    /** The documented defaults as parameters. */
    public static JudgeParameters defaults() {
        return withDefaults().parameters();
    }
}
