package io.pmtuner.patterns;

import io.pmtuner.model.Episode;
import io.pmtuner.model.Gate;
import io.pmtuner.model.Tick;
import io.pmtuner.model.Transition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one match of an {@link EpisodePatterns} pattern into an {@link Episode}: decision point,
 * decision, {@code blocked_by}, factors, and the outcome when the window's own elements already
 * decide it (SPEC 3).
 */
public final class EpisodeFactory {
    public static final String BLOCKED_BY_PM = "pm";

    private EpisodeFactory() {}

    public static Episode fromMatch(String patternKey, Map<String, List<Transition>> match, long horizonMillis) {
        Transition start = match.get(EpisodePatterns.START).get(0);
        List<Transition> window = match.getOrDefault(EpisodePatterns.WINDOW, Collections.emptyList());
        Transition end = match.get(EpisodePatterns.END).get(0);
        boolean s1 = Episode.S1_ENTRY.equals(patternKey);

        long lastSeq = end.prevTickSeq;
        Tick dp = s1 ? s1DecisionPoint(start, window, end) : start.tick;

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
        e.retestIndex = s1 ? 0 : start.retestIndex;
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
            e.decision = Episode.ACTED;
            e.tradeId = acted.decision.tradeId;
            e.blockedBy = null;
        } else {
            e.decision = Episode.SKIPPED;
            e.blockedBy = s1 ? blockedBy(dp) : List.of(BLOCKED_BY_PM);
        }
        e.factorsJson = Factors.json(dp, e.blockedBy, e.startSeq, lastSeq, e.windowStartTs, e.windowEndTs,
                end.tickIndex - start.tickIndex, e.retestIndex);

        e.dataGap = false;
        for (Transition t : window) {
            if (t.dataGap) e.dataGap = true;
        }
        // what the window itself already says: a trim inside an S3 window, S0 or a trim on the closing tick
        if (!s1) OutcomeRules.apply(e, start, horizonMillis);
        for (Transition t : window) {
            OutcomeRules.apply(e, t, horizonMillis);
        }
        OutcomeRules.apply(e, end, horizonMillis);
        return e;
    }

    /**
     * The first tick of the window with the buy flag; without one, the tick with the fewest failing
     * gates (ties: the latest), which the sequencer tracked across the whole run of S1 ticks.
     */
    static Tick s1DecisionPoint(Transition start, List<Transition> window, Transition end) {
        if (start.tick.buyFlag) return start.tick;
        for (Transition t : window) {
            if (t.isTick() && t.tick.buyFlag) return t.tick;
        }
        return end.s1Best != null ? end.s1Best : start.tick;
    }

    /** Failing gates at the decision point, sorted; {@code ["pm"]} when the engine allowed a buy. */
    static List<String> blockedBy(Tick dp) {
        if (dp.buyFlag) return List.of(BLOCKED_BY_PM);
        List<String> failing = new ArrayList<>();
        if (dp.gates != null) {
            for (Map.Entry<String, Gate> g : dp.gates.entrySet()) {
                if (!g.getValue().pass) failing.add(g.getKey());
            }
        }
        Collections.sort(failing);
        return failing;
    }
}
