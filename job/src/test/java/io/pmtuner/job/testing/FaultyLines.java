package io.pmtuner.job.testing;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pass-through for the input's lines (or the Kafka source's messages) that injects what the fault tests need: it throws once, in
 * the first attempt, at line {@code failAt} (0 never), and it can slow reading down
 * ({@code pauseEvery} lines, 1 ms) so that checkpoints, savepoints and outages land mid-stream.
 * What happened is recorded per {@code run} name for the test to check: the highest attempt seen and
 * whether an attempt was restored from a checkpoint or savepoint.
 */
public class FaultyLines<T> extends RichMapFunction<T, T> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final Map<String, Integer> ATTEMPTS = new ConcurrentHashMap<>();
    public static final Map<String, Boolean> RESTORED = new ConcurrentHashMap<>();

    private final String run;
    private final long failAt;
    private final int pauseEvery;
    private transient long seen;
    private transient int attempt;

    public FaultyLines(String run, long failAt, int pauseEvery) {
        this.run = run;
        this.failAt = failAt;
        this.pauseEvery = pauseEvery;
    }

    public static FaultyLines<String> throttled(String run, int pauseEvery) {
        return new FaultyLines<>(run, 0, pauseEvery);
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) {
        if (ctx.isRestored()) RESTORED.put(run, true);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {
        // nothing of its own: the reader's position is the source's state
    }

    @Override
    public void open(OpenContext ctx) {
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        ATTEMPTS.merge(run, attempt, Math::max);
    }

    @Override
    public T map(T line) throws Exception {
        seen++;
        if (attempt == 0 && seen == failAt) throw new IllegalStateException("injected failure at line " + failAt + " of " + run);
        if (pauseEvery > 0 && seen % pauseEvery == 0) Thread.sleep(1);
        return line;
    }
}
