package io.pmtuner.patterns;

import io.pmtuner.model.State;
import io.pmtuner.model.Transition;

import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

import java.time.Duration;

/**
 * The two episode shapes (README "Our readings: episodes") as FlinkCEP patterns over the compressed transition stream of one
 * series. Each is {@code start, window*, end} with strict contiguity: the compressed stream holds
 * every change, so "the window" is exactly the elements between the start and the first element
 * that breaks it.
 *
 * <p>With a {@code maxWindow}, {@code within} drops a window still open that long after its start (a
 * series stuck in S1), counted by {@link EpisodeMatchFunction}. It is off by default (null or zero):
 * The episode rules end windows only by the series' own ticks, and FlinkCEP keeps one timer per started window
 * until start + maxWindow, so a limit costs state per series in proportion to the windows started
 * within it, while a stuck window without it holds only the few compressed elements it has seen.
 */
public final class EpisodePatterns {
    public static final String START = "start";
    public static final String WINDOW = "window";
    public static final String END = "end";

    private EpisodePatterns() {}

    /** S0 to S1, the S1 ticks and decisions that follow, then the first tick not in S1. */
    public static Pattern<Transition, Transition> s1Entry(Duration maxWindow) {
        Pattern<Transition, Transition> p = Pattern.<Transition>begin(START, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(EpisodePatterns::startsS1Entry))
                .next(WINDOW).where(SimpleCondition.of(t -> t.isDecision() || t.state() == State.S1))
                .oneOrMore().optional().consecutive()
                .next(END).where(SimpleCondition.of(t -> t.isTick() && t.state() != State.S1));
        return limited(p, maxWindow);
    }

    /** A buy flag rising in S3 (or the first S3 tick already flagged), until the flag falls or S3 ends. */
    public static Pattern<Transition, Transition> s3Retest(Duration maxWindow) {
        Pattern<Transition, Transition> p = Pattern.<Transition>begin(START, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(EpisodePatterns::startsS3Retest))
                .next(WINDOW).where(SimpleCondition.of(t -> t.isDecision() || (t.state() == State.S3 && t.tick.buyFlag)))
                .oneOrMore().optional().consecutive()
                .next(END).where(SimpleCondition.of(t -> t.isTick() && (t.state() != State.S3 || !t.tick.buyFlag)));
        return limited(p, maxWindow);
    }

    private static Pattern<Transition, Transition> limited(Pattern<Transition, Transition> p, Duration maxWindow) {
        return maxWindow == null || maxWindow.isZero() ? p : p.within(maxWindow);
    }

    static boolean startsS1Entry(Transition t) {
        // an S2 -> S1 flip has prevState S2 and so never starts one
        return t.isTick() && t.prevState == State.S0 && t.state() == State.S1;
    }

    static boolean startsS3Retest(Transition t) {
        return t.isTick() && t.state() == State.S3 && t.tick.buyFlag && t.retestIndex > 0;
    }
}
