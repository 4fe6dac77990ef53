package io.pmtuner.cli.eval;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.core.tuning.JudgeParameters;
import io.pmtuner.core.tuning.JudgeModes;
import io.pmtuner.core.tuning.TuningJudge;
import io.pmtuner.model.Json;
import io.pmtuner.model.Series;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A world in a closed loop with a judge, in-process (docs/judges.md "Measuring judges"): setup by setup, the gate in force
 * decides what opens, outcomes reach the judge {@code delay} setups later, and what the judge writes
 * is in force from the next setup on.
 */
public final class ClosedLoop {
    /** The untuned engine: no judge. The other judges are the modes of --judge.mode, by name. */
    public static final String NONE = "none";
    public static final String CALIBRATED = JudgeParameters.Mode.calibrated.name();
    static final long HOUR = 3_600_000L;
    static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private ClosedLoop() {}

    /** The judge settings a world implies: {@code settings} with the world's payoff (the judge is told R and L). */
    public static JudgeSettings forWorld(JudgeSettings settings, World w, String judge) {
        JudgeSettings s = settings.copy();
        s.mode = JudgeParameters.Mode.valueOf(judge);
        s.payoffWin = w.r;
        s.payoffLoss = w.initialLoss();
        return s;
    }

    /** The judge of {@code settings}' mode, as the job builds it (data-gap episodes are not evidence: worlds have none). */
    static TuningJudge<?> judge(JudgeSettings settings) {
        return JudgeModes.judge(settings.parameters(), false);
    }

    /** The judges eval knows: none, then every mode. */
    public static List<String> judgeNames() {
        List<String> out = new ArrayList<>(List.of(NONE));
        for (JudgeParameters.Mode m : JudgeParameters.Mode.values()) out.add(m.name());
        return out;
    }

    /** The series a world's scope is played on in-process. */
    static Series series(World w, int scope) {
        return new Series("eval", w.name, w.scopes.get(scope).name(), "1h");
    }

    /** The scope subsets an episode counts in, as the job's miner makes them by default. */
    static final JobParameters.Miner MINER = JobConfig.parse().parameters().miner();

    public static RunFigures.Figures run(World template, String judgeName, long seed, JudgeSettings settings) {
        World w = template.forSeed(seed);
        InProcessJudge<?> judge = NONE.equals(judgeName) ? null
                : new InProcessJudge<>(judge(forWorld(settings, w, judgeName)), MINER.dims(), MINER.maxDims());
        SetupStream stream = new SetupStream(w, seed);
        RunFigures figures = new RunFigures(w);
        int scopes = w.scopes.size();
        double[] mult = new double[scopes];
        double[] size = new double[scopes];
        double[] thresholds = new double[scopes];
        Arrays.fill(mult, 1.0);
        Arrays.fill(size, 1.0);
        Deque<Setup> pending = new ArrayDeque<>();
        for (int t = 1; t <= w.setups; t++) {
            Setup s = stream.next(sc -> mult[sc]);
            for (int sc = 0; sc < scopes; sc++) thresholds[sc] = w.base * mult[sc];
            figures.observe(s, thresholds, size[s.scope()]);
            if (judge == null) continue;
            pending.addLast(s);
            boolean changed = false;
            while (!pending.isEmpty() && pending.peekFirst().t() + w.delay <= t) {
                Setup done = pending.removeFirst();
                long decided = START + done.t() * HOUR;
                long resolved = START + (done.t() + w.delay) * HOUR + HOUR / 2;
                changed |= judge.take(done.episode(w, series(w, done.scope()), decided, resolved));
            }
            if (changed) {
                for (int sc = 0; sc < scopes; sc++) {
                    mult[sc] = judge.tsMinMult(w.scopeMap(sc));
                    size[sc] = judge.aValueMult(w.scopeMap(sc));
                }
            }
        }
        List<List<Double>> written = new ArrayList<>();
        for (int sc = 0; sc < scopes; sc++) {
            written.add(judge == null ? List.of() : judge.writtenTs(Json.stringMap(w.scopeMap(sc))));
        }
        return figures.finish(written);
    }
}
