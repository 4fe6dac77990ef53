package io.pmtuner.core.tuning;

import io.pmtuner.model.Outcome;
import io.pmtuner.model.Episode;

import java.util.ArrayList;
import java.util.List;

/**
 * Votes for tests: one subset, one episode an hour, decided half an hour before it resolves (so after
 * the previous one resolved, as if under the gates that were then current); ids in time order.
 */
public final class Votes {
    public static final String GLOBAL = "{}";
    static final long HOUR = 3_600_000L;

    private final String subset;
    private long clock;
    private int n;

    public Votes(String subset) {
        this.subset = subset;
    }

    public Votes() {
        this(GLOBAL);
    }

    public Vote actedSuccess() {
        return next(true, Outcome.SUCCESS);
    }

    public Vote actedFailure() {
        return next(true, Outcome.FAILURE);
    }

    public Vote skippedSuccess(String... blockedBy) {
        return next(false, Outcome.SUCCESS, blockedBy);
    }

    public Vote skippedFailure(String... blockedBy) {
        return next(false, Outcome.FAILURE, blockedBy);
    }

    public Vote neutral() {
        return next(false, Outcome.NEUTRAL, "ts");
    }

    /** {@code count} copies of what {@code make} makes, each a new episode. */
    public List<Vote> times(int count, java.util.function.Supplier<Vote> make) {
        List<Vote> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(make.get());
        return out;
    }

    private Vote next(boolean acted, Outcome outcome, String... blockedBy) {
        clock += HOUR;
        Vote v = new Vote();
        v.patternKey = "pm.s1_entry";
        v.tuningKey = "pm.tuning.s1_gates";
        v.subsetJson = subset;
        v.key = Vote.key(v.patternKey, subset);
        v.episodeId = String.format("%s:test:solana:tok:1h:%06d", v.patternKey, ++n);
        v.acted = acted;
        v.outcome = outcome.wire();
        v.blockedBy = acted ? null : List.of(blockedBy.length == 0 ? new String[] {"pm"} : blockedBy);
        v.decisionTs = clock - HOUR / 2;
        v.outcomeTs = clock;
        v.knownTs = clock;
        return v;
    }
}
