package io.pmtuner.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pmtuner.job.config.JudgeSettings;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The judges' figures in one world: the expected untuned regret beside them, as JSON and as a table. */
public record WorldEvaluation(String world, double expectedUntunedRegret, Map<String, JudgeSummary> judges) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ObjectNode json() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("world", world);
        o.put("expected_none_regret", expectedUntunedRegret);
        ObjectNode js = o.putObject("judges");
        for (JudgeSummary j : judges.values()) {
            ObjectNode n = js.putObject(j.judge());
            n.put("regret_per_setup", j.regretPerSetup());
            n.put("final_error", j.finalError());
            n.put("reversals", j.reversals());
            if (j.settleMedian() == null) n.putNull("settle_median"); else n.put("settle_median", j.settleMedian());
            if (j.removed() == null) n.putNull("removed"); else n.put("removed", j.removed());
            n.put("seeds", j.seeds());
            n.put("regret_sd", j.regretSd());
            if (!Double.isNaN(j.regretCi())) n.put("regret_ci95", j.regretCi());
            n.put("final_error_sd", j.finalErrorSd());
            if (!Double.isNaN(j.logGrowthRegret())) {
                n.put("log_growth", j.logGrowth());
                n.put("log_growth_regret", j.logGrowthRegret());
                if (!Double.isNaN(j.logGrowthRegretCi())) n.put("log_growth_regret_ci95", j.logGrowthRegretCi());
            }
        }
        return o;
    }

    /** One line per judge, under a header line; {@code header} prints the column names first. */
    public void print(PrintStream out, boolean header) {
        if (header) {
            out.printf(Locale.ROOT, "%-10s %-11s %10s %10s %11s %9s %8s %8s %s%n", "world", "judge", "regret", "(95% CI)", "final_err", "reversals",
                    "settle", "removed", "(wealth worlds: log growth per setup, its regret, 95% CI)");
        }
        for (JudgeSummary j : judges.values()) {
            String growth = Double.isNaN(j.logGrowthRegret()) ? ""
                    : String.format(Locale.ROOT, " %.5f %.5f +/-%.5f", j.logGrowth(), j.logGrowthRegret(), j.logGrowthRegretCi());
            out.printf(Locale.ROOT, "%-10s %-11s %10.5f %10s %11.4f %9.2f %8s %8s%s%n", world, j.judge(), j.regretPerSetup(),
                    Double.isNaN(j.regretCi()) ? "-" : String.format(Locale.ROOT, "+/-%.5f", j.regretCi()),
                    j.finalError(), j.reversals(), j.settleMedian() == null ? "never" : j.settleMedian().toString(),
                    j.removed() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * j.removed()), growth);
        }
    }

    /** Runs {@code judges} (none among them or not) in {@code w} over seeds {@code firstSeed ..}; none always runs, for {@code removed}. */
    public static WorldEvaluation inProcess(World w, List<String> judges, int seeds, long firstSeed, JudgeSettings settings) {
        Map<String, List<RunFigures.Figures>> runs = new LinkedHashMap<>();
        runs.put(ClosedLoop.NONE, inProcessRuns(w, ClosedLoop.NONE, seeds, firstSeed, settings));
        for (String j : judges) runs.computeIfAbsent(j, k -> inProcessRuns(w, k, seeds, firstSeed, settings));
        return of(w, judges, runs);
    }

    /** One judge's in-process runs over seeds {@code firstSeed ..}. */
    public static List<RunFigures.Figures> inProcessRuns(World w, String judge, int seeds, long firstSeed, JudgeSettings settings) {
        List<RunFigures.Figures> out = new ArrayList<>();
        for (int i = 0; i < seeds; i++) out.add(ClosedLoop.run(w, judge, firstSeed + i, settings));
        return out;
    }

    /** The evaluation of runs already made; {@code runs} must hold {@code none}'s, for {@code removed}. */
    public static WorldEvaluation of(World w, List<String> judges, Map<String, List<RunFigures.Figures>> runs) {
        double untuned = JudgeSummary.mean(runs.get(ClosedLoop.NONE).stream().mapToDouble(RunFigures.Figures::regretPerSetup).toArray());
        Map<String, JudgeSummary> out = new LinkedHashMap<>();
        for (String j : judges) out.put(j, JudgeSummary.of(j, runs.get(j), untuned));
        return new WorldEvaluation(w.name, w.expectedUntunedRegret(), out);
    }
}
