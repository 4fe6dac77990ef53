package io.pmtuner.cli.eval;

import io.pmtuner.job.config.JudgeSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The in-process evaluation: the world is right, the judges are measured on it, and a seed replays. */
class EvalTest {
    private static final List<String> ALL = List.of("none", "spec", "calibrated");

    @Test
    void theBestThresholdsAreWhereSpecSaysTheyAre() throws Exception {
        World w1 = World.parse("{\"setups\": 10}");
        assertThat(w1.bestThreshold(0, 0)).as("symmetric world").isCloseTo(0.5, within(1e-9));
        World w2 = World.parse("{\"setups\": 10, \"L\": 3}");
        assertThat(w2.bestThreshold(0, 0)).as("losses three times the wins").isCloseTo(0.655, within(0.001));
        // P(x) against a plain midpoint rule, independently written
        double x = 0.6;
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double q = (i + 0.5) / n;
            double open = 0.5 * org.apache.commons.math3.special.Erf.erfc((x - q) / (0.1 * Math.sqrt(2)));
            double p = 1 / (1 + Math.exp(-8 * (q - 0.5)));
            sum += open * 0.9 * (p - (1 - p)) / n;
        }
        assertThat(w1.payoff(x, 0, 0)).isCloseTo(sum, within(1e-7));
    }

    @Test
    void withoutAJudgeTheRegretIsSpecElevensExpectation() throws Exception {
        World w1 = World.parse("{\"name\": \"W1\", \"setups\": 1000}");
        WorldEvaluation e = WorldEvaluation.inProcess(w1, ALL, 2, 1, JudgeSettings.withDefaults());
        assertThat(e.judges().get("none").regretPerSetup()).isCloseTo(e.expectedUntunedRegret(), within(1e-12));
        World w8 = World.parse("{\"name\": \"W8\", \"setups\": 2000, \"scopes\": [{\"share\": 0.8}, {\"share\": 0.2, \"c\": 0.45}]}");
        WorldEvaluation e8 = WorldEvaluation.inProcess(w8, List.of("none"), 3, 1, JudgeSettings.withDefaults());
        // scopes are drawn by their shares: the mean over setups is within a few per cent of the expectation
        assertThat(e8.judges().get("none").regretPerSetup()).isCloseTo(e8.expectedUntunedRegret(), within(0.05 * e8.expectedUntunedRegret()));
        World w6 = World.parse("{\"name\": \"W6\", \"setups\": 4000, \"shift\": {\"at\": 2000, \"c\": 0.65}}");
        assertThat(w6.bestThreshold(0, 1)).isGreaterThan(w6.bestThreshold(0, 0) + 0.1);
    }

    @Test
    void theCalibratedJudgeRemovesMostOfTheRegretInW1() throws Exception {
        World w1 = World.parse("{\"name\": \"W1\", \"setups\": 4000}");
        WorldEvaluation e = WorldEvaluation.inProcess(w1, ALL, 3, 1, JudgeSettings.withDefaults());
        JudgeSummary calibrated = e.judges().get("calibrated");
        assertThat(calibrated.removed()).isGreaterThan(0.8);
        assertThat(calibrated.regretPerSetup()).isLessThan(0.002);
        assertThat(calibrated.finalError()).isLessThan(0.04);
        assertThat(calibrated.settleMedian()).isNotNull();
        assertThat(e.judges().get("spec").regretPerSetup()).as("the spec judge does not move this gate")
                .isCloseTo(e.judges().get("none").regretPerSetup(), within(0.1 * e.judges().get("none").regretPerSetup()));
    }

    @Test
    void theSameSeedGivesTheSameJson(@TempDir Path dir) throws Exception {
        String w = "{\"name\": \"W2\", \"setups\": 1500, \"L\": 3}";
        Path world = Files.writeString(dir.resolve("w2.json"), w);
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        for (Path out : List.of(a, b)) {
            int exit = new picocli.CommandLine(new EvalCommand()).execute("--world", world.toString(), "--seeds", "2", "--json", out.toString());
            assertThat(exit).isZero();
        }
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b)).contains("\"world\" : \"W2\"", "\"calibrated\"", "\"removed\"",
                "\"settle_median\"", "\"reversals\"", "\"final_error\"", "\"regret_per_setup\"");
    }

    @Test
    void aMistypedWorldOrJudgeIsOneLineAndNonZero() {
        var cl = new picocli.CommandLine(new EvalCommand());
        var err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("--world", "W9")).isNotZero();
        assertThat(err.toString()).contains("--world W9: no such file, nor a reference world");
        assertThat(new picocli.CommandLine(new EvalCommand()).execute("--world", "W1", "--judges", "clever")).isNotZero();
    }

    @Test
    void reversalsCountChangesOfDirection() {
        assertThat(RunFigures.reversals(List.of(0.95, 0.9, 0.85))).isZero();
        assertThat(RunFigures.reversals(List.of(0.95, 0.9, 0.93, 0.9))).isEqualTo(2);
        assertThat(RunFigures.reversals(List.of(1.05, 1.0))).isEqualTo(1);
    }

    @Test
    void aLatticeWorldReportsItsScopesDimensionsAndDrawsEachScopesCurvePerSeed() throws Exception {
        World w12 = World.parse(new String(EvalTest.class.getResourceAsStream("/worlds/W12.json").readAllBytes()));
        assertThat(w12.lattice()).isTrue();
        assertThat(w12.scopes).hasSize(24);
        // chain slowest, vol_bucket fastest; shares 40, 80, 250, 630 by i mod 4
        assertThat(w12.scopeMap(3)).isEqualTo(java.util.Map.of("chain", "sol", "timeframe", "5m", "vol_bucket", "hi"));
        assertThat(w12.scopeMap(23)).isEqualTo(java.util.Map.of("chain", "base", "timeframe", "4h", "vol_bucket", "hi"));
        double unit = w12.scopes.get(4).share() / 40;
        assertThat(List.of(w12.scopes.get(5).share() / unit, w12.scopes.get(6).share() / unit, w12.scopes.get(7).share() / unit))
                .satisfiesExactly(x -> assertThat(x).isCloseTo(80, within(1e-9)), x -> assertThat(x).isCloseTo(250, within(1e-9)),
                        x -> assertThat(x).isCloseTo(630, within(1e-9)));
        // c_sd: each seed its own curves, the same for the same seed
        assertThat(w12.forSeed(1).bestThreshold(0, 0)).isEqualTo(w12.forSeed(1).bestThreshold(0, 0))
                .isNotEqualTo(w12.forSeed(2).bestThreshold(0, 0));
        assertThat(w12.forSeed(1).bestThreshold(0, 0)).isNotEqualTo(w12.forSeed(1).bestThreshold(1, 0));
        World flat = World.parse("{\"setups\": 100}");
        assertThat(flat.forSeed(7)).isSameAs(flat);
    }

    @Test
    void theWealthWorldsBestSizesAreWherePayoffPutsThem() throws Exception {
        // the Kelly fraction at the best gate over the stake a size of 1.0 stands for, clamped to [0.5, 1.5]
        assertThat(World.parse("{\"setups\": 10, \"wealth\": {\"fraction\": 0.3}}").bestSize(0, 0)).isEqualTo(1.5);
        assertThat(World.parse("{\"setups\": 10, \"L\": 3, \"wealth\": {\"fraction\": 0.3}}").bestSize(0, 0)).isCloseTo(0.63, within(0.03));
        World w3 = World.parse(new String(EvalTest.class.getResourceAsStream("/worlds/W3-wealth.json").readAllBytes()));
        assertThat(w3.bestSize(0, 0)).isCloseTo(0.53, within(0.03));
        // growth at a size past the best is lower
        assertThat(w3.logGrowth(w3.bestThreshold(0, 0), 1.5, 0, 0)).isLessThan(w3.logGrowth(w3.bestThreshold(0, 0), w3.bestSize(0, 0), 0, 0));
    }
}
