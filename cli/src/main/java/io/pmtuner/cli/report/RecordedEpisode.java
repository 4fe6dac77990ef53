package io.pmtuner.cli.report;

import io.pmtuner.model.EpisodeDecision;
import io.pmtuner.model.Outcome;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code pattern_episode_events} as the report reads it: the frozen scope, the decision,
 * the outcome and the gates at the decision point (from {@code factors}).
 */
public record RecordedEpisode(String patternKey, Map<String, String> scope, EpisodeDecision decision, Outcome outcome, boolean dataGap,
                              Instant decisionTs, Instant outcomeTs, Map<String, GateReading> gates) {

    /** A gate at the decision point: its value, the threshold in force, the base before overrides (null when absent), pass. */
    public record GateReading(double value, double threshold, Double base, boolean pass) {}

    public boolean acted() {
        return decision == EpisodeDecision.ACTED;
    }

    /** Success or failure, and not in a data gap: the episodes the miner's rates count (README "Our readings: the miner"). */
    public boolean countsInRates() {
        return !dataGap && outcome != null && outcome.decisive();
    }

    public boolean success() {
        return outcome == Outcome.SUCCESS;
    }

    /** What acting on it paid: R on a success, -L otherwise (for an episode that counts in the rates). */
    public double payoff(double r, double l) {
        return success() ? r : -l;
    }

    /** Whether the episode's scope holds every key and value of {@code subset}. */
    public boolean inSubset(Map<String, String> subset) {
        for (Map.Entry<String, String> e : subset.entrySet()) {
            if (!e.getValue().equals(scope.get(e.getKey()))) return false;
        }
        return true;
    }

    /** Whether every gate but {@code gate} passed at the decision point. */
    public boolean othersPassed(String gate) {
        for (Map.Entry<String, GateReading> g : gates.entrySet()) {
            if (!g.getKey().equals(gate) && !g.getValue().pass()) return false;
        }
        return true;
    }
}
