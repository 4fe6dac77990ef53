package io.pmtuner.job.functions;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.patterns.EpisodeKinds;
import io.pmtuner.job.config.JobParameters;
import io.pmtuner.core.tuning.ScopeSubsets;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.model.Episode;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns each resolved episode into one vote per scope subset it counts in (README "Our readings: the miner"). Pending
 * episodes (the row written when a window closes) are not votes. Counts the resolved episodes whose
 * ts or halo gate would have been calibration evidence but for a missing {@code base} (docs/judges.md).
 */
public class ScopeFanOutFunction extends RichFlatMapFunction<Episode, Vote> {
    private static final long serialVersionUID = 1L;

    private final List<String> dims;
    private final int maxDims;
    /** The kinds the job detects: a vote carries the override key of its episode's kind. */
    private final EpisodeKinds kinds;
    private transient Counter withoutBase;

    public ScopeFanOutFunction(JobParameters.Miner miner, EpisodeKinds kinds) {
        this.dims = miner.dims();
        this.maxDims = miner.maxDims();
        this.kinds = kinds;
    }

    @Override
    public void open(OpenContext ctx) {
        withoutBase = getRuntimeContext().getMetricGroup().counter("episodesWithoutGateBase");
    }

    @Override
    public void flatMap(Episode e, Collector<Vote> out) {
        if (!e.isResolved()) return;
        if (e.baseMissing) withoutBase.inc();
        for (Vote v : votes(e, kinds.of(e.patternKey).tuningKey, dims, maxDims)) out.collect(v);
    }

    /** The votes of a resolved episode whose kind drives {@code tuningKey}, one per scope subset, smallest subset first. */
    public static List<Vote> votes(Episode e, String tuningKey, List<String> dims, int maxDims) {
        List<Vote> out = new ArrayList<>();
        for (String subset : ScopeSubsets.of(e.scope, dims, maxDims)) {
            Vote v = new Vote();
            v.key = Vote.key(e.patternKey, subset);
            v.patternKey = e.patternKey;
            v.tuningKey = tuningKey;
            v.subsetJson = subset;
            v.episodeId = e.episodeId;
            v.acted = e.decision() == EpisodeDecision.ACTED;
            v.outcome = e.outcome;
            v.blockedBy = e.blockedBy;
            v.dataGap = e.dataGap;
            v.decisionTs = e.decisionTs;
            v.outcomeTs = e.outcomeTs;
            v.knownTs = Math.max(e.outcomeTs, e.closeTs);
            v.tsImplied = e.tsImplied;
            v.haloImplied = e.haloImplied;
            v.tsPassed = e.tsPassed;
            v.haloPassed = e.haloPassed;
            out.add(v);
        }
        return out;
    }
}
