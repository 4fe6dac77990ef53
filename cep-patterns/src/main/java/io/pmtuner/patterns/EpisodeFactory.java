package io.pmtuner.patterns;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Episode;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one match of an {@link EpisodePatterns} pattern into an {@link Episode}: decision point,
 * decision, {@code blocked_by}, factors, and the outcome when the window's own elements already
 * decide it (README "Our readings: episodes").
 */
public final class EpisodeFactory {
    public static final String BLOCKED_BY_PM = "pm";

    private EpisodeFactory() {}

    public static Episode fromMatch(EpisodeKind kind, Map<String, List<Transition>> match, long horizonMillis) {
        String patternKey = kind.key;
        Transition start = match.get(EpisodePatterns.START).get(0);
        List<Transition> window = match.getOrDefault(EpisodePatterns.WINDOW, Collections.emptyList());
        Transition end = match.get(EpisodePatterns.END).get(0);

        long lastSeq = end.prevTickSeq;
        Tick dp = kind.decisionPoint(start, window, end);

        Episode e = new Episode();
        e.patternKey = patternKey;
        e.series = start.series;
        e.seriesKey = start.seriesKey;
        e.startSeq = start.tick.seq;
        e.episodeId = Episode.id(patternKey, start.series, e.startSeq);
        e.closeSeq = end.tick.seq;
        e.closeTs = end.barTs;
        e.windowStartTs = start.barTs;
        e.windowEndTs = end.prevTickTs;
        e.decisionTs = dp.barTs;
        e.decisionSeq = dp.seq;
        e.decisionPrice = dp.price;
        e.retestIndex = kind.retestIndex(start);
        e.scope = dp.scope == null ? new TreeMap<>() : new TreeMap<>(dp.scope);
        GateEvidence.capture(e, dp.gates);

        Transition acted = null;
        for (Transition t : window) {
            if (t.isDecision() && t.decision.action.isBuy() && t.seq >= e.startSeq && t.seq <= lastSeq) {
                acted = t;
                break;
            }
        }
        if (acted != null) {
            e.decide(EpisodeDecision.ACTED);
            e.tradeId = acted.decision.tradeId;
            e.blockedBy = null;
        } else {
            e.decide(EpisodeDecision.SKIPPED);
            e.blockedBy = kind.blockedBy(dp);
        }
        e.factorsJson = Factors.json(dp, e.blockedBy, e.startSeq, lastSeq, e.windowStartTs, e.windowEndTs,
                end.tickIndex - start.tickIndex, e.retestIndex);

        e.dataGap = false;
        for (Transition t : window) {
            if (t.dataGap) e.dataGap = true;
        }
        // what the window itself already says: a trim inside an S3 window, S0 or a trim on the closing tick
        if (kind.startCanResolve()) OutcomeRules.apply(kind, e, start, horizonMillis);
        for (Transition t : window) {
            OutcomeRules.apply(kind, e, t, horizonMillis);
        }
        OutcomeRules.apply(kind, e, end, horizonMillis);
        return e;
    }
}
