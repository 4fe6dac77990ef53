package io.pmtuner.patterns;

import io.pmtuner.model.Transition;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

import java.time.Duration;

/**
 * The shape of every episode pattern (README "Our readings: episodes"), a FlinkCEP pattern over the compressed transition
 * stream of one series: {@code start, window*, end} with strict contiguity: the compressed stream holds
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

    /**
     * {@code start, window*, end}: one element that {@code starts}, then every element {@code inWindow}
     * (none or more, strictly consecutive), then the first that {@code ends} it; skip past the end.
     */
    public static Pattern<Transition, Transition> startWindowEnd(FilterFunction<Transition> starts, FilterFunction<Transition> inWindow,
                                                                 FilterFunction<Transition> ends, Duration maxWindow) {
        Pattern<Transition, Transition> p = Pattern.<Transition>begin(START, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(starts))
                .next(WINDOW).where(SimpleCondition.of(inWindow))
                .oneOrMore().optional().consecutive()
                .next(END).where(SimpleCondition.of(ends));
        return maxWindow == null || maxWindow.isZero() ? p : p.within(maxWindow);
    }
}
