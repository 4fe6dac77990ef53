package io.pmtuner.tools.bench;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row's CPU profile summary, from the JVM's own flight recorder over a job run: its execution samples
 * of running Java threads (taken every {@value #PERIOD_MS} ms, a few threads at a time) counted by the method on top of the stack,
 * and by the job's own method nearest that top (where in pm-tuner the time went, callees included); and
 * the garbage collector's collections and pauses, which no Java thread's samples show. A summary, not a
 * profiler: docs/benchmark.md has the full profiles taken with one.
 */
final class CpuProfile {
    private static final int PERIOD_MS = 10;
    private static final String OURS = "io.pmtuner.";

    private final Recording recording = new Recording();
    private final int top;

    private CpuProfile(int top) {
        this.top = top;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(PERIOD_MS));
        recording.enable("jdk.GarbageCollection");
        recording.start();
    }

    /** Starts recording; null when {@code top} is 0 (profiles turned off). */
    static CpuProfile start(int top) {
        return top > 0 ? new CpuProfile(top) : null;
    }

    /** Stops recording and sums it up: the {@code top} methods of each kind, as percentages of the samples. */
    Results.Profile stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("pm-tuner-bench", ".jfr");
        try {
            recording.dump(file);
            Map<String, Long> onTop = new HashMap<>();
            Map<String, Long> ours = new HashMap<>();
            long samples = 0;
            long collections = 0;
            Duration paused = Duration.ZERO;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
                    collections++;
                    paused = paused.plus(e.getDuration("sumOfPauses"));
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) continue;
                samples++;
                onTop.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                for (RecordedFrame f : stack.getFrames()) {
                    if (f.isJavaFrame() && f.getMethod().getType().getName().startsWith(OURS)) {
                        ours.merge(name(f), 1L, Long::sum);
                        break;
                    }
                }
            }
            return new Results.Profile(samples, shares(onTop, samples), shares(ours, samples), collections, paused.toMillis());
        } finally {
            Files.deleteIfExists(file);
            recording.close();
        }
    }

    /** "Class.method", the class without its package (nested classes keep their outer one; a lambda is its defining class's). */
    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        int lambda = type.indexOf("$$Lambda");
        if (lambda >= 0) type = type.substring(0, lambda) + "$lambda";
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private Map<String, Double> shares(Map<String, Long> counts, long samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 1000.0 / samples) / 10.0));
        return out;
    }
}
