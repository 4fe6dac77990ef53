package io.pmtuner.job.functions;

import io.pmtuner.job.config.MinerSettings;
import io.pmtuner.job.tuning.ScopeSubsets;
import io.pmtuner.job.tuning.Vote;
import io.pmtuner.model.Episode;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Turns each resolved episode into one vote per scope subset it counts in (SPEC 5). Pending
 * episodes (the row written when a window closes) are not votes.
 */
public class ScopeFanOutFunction implements FlatMapFunction<Episode, Vote> {
    private static final long serialVersionUID = 1L;

    private final List<String> dims;
    private final int maxDims;

    public ScopeFanOutFunction(MinerSettings settings) {
        this.dims = List.copyOf(settings.dims);
        this.maxDims = settings.maxDims;
    }

    @Override
    public void flatMap(Episode e, Collector<Vote> out) {
        if (!e.isResolved()) return;
        for (String subset : ScopeSubsets.of(e.scope, dims, maxDims)) {
            Vote v = new Vote();
            v.key = Vote.key(e.patternKey, subset);
            v.patternKey = e.patternKey;
            v.subsetJson = subset;
            v.episodeId = e.episodeId;
            v.acted = Episode.ACTED.equals(e.decision);
            v.outcome = e.outcome;
            v.blockedBy = e.blockedBy;
            v.dataGap = e.dataGap;
            v.decisionTs = e.decisionTs;
            v.outcomeTs = e.outcomeTs;
            v.knownTs = Math.max(e.outcomeTs, e.closeTs);
            out.collect(v);
        }
    }
}
