package io.pmtuner.tools.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured, as the JSON file it writes: each record's fields are the JSON's,
 * in snake case ({@code jobEventsPerS} is {@code job_events_per_s}); a figure that was not measured is
 * left out rather than written as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Results(String machine, String postgres, int warmUpRuns, List<Replay> replay, List<Live> latency, Peer peerSqlRecount) {

    /**
     * One replay row: medians over its runs. CPU figures are microseconds per event with an empty run's
     * CPU taken off; {@code taskCpuUsPerEvent} is by task, the busiest first.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Replay(int series, int bars, long events, String backend, int parallelism, String input,
                  long jobEventsPerS, long ceilingEventsPerS, double ratio, long jobWithoutDbEventsPerS,
                  double jobCpuUsPerEvent, double ceilingCpuUsPerEvent, Double postgresCpuUsPerEvent, long peakHeapMb,
                  String busiestThread, Double busiestThreadCpuUsPerEvent, Map<String, Double> taskCpuUsPerEvent,
                  Checkpoints checkpoints, Profile cpuProfile, List<Long> jobRuns, List<Long> ceilingRuns) {}

    /**
     * The first job run of a row, profiled ({@link CpuProfile}): the methods most often on top of a
     * sampled stack, and pm-tuner's own methods nearest the top, each as a percentage of the samples; and
     * the collector's collections and their summed pauses.
     */
    record Profile(long samples, Map<String, Double> topMethodsPercent, Map<String, Double> topOwnMethodsPercent,
                   long gcCollections, long gcPauseMs) {}

    /**
     * The checkpoints of a row's job run, as Flink's checkpoint statistics report them: {@code
     * incrementalBytes*} is what each checkpoint wrote (its checkpointed size), {@code fullBytesLast} the
     * whole state the last one covers.
     */
    record Checkpoints(long intervalMs, boolean incremental, long completed, long incrementalBytesP50,
                       long incrementalBytesMax, long fullBytesLast) {}

    /**
     * The live run on one backend: the time from a line entering the job to the rows it made in
     * PostgreSQL, at each percentile; then the state per series from a savepoint, and the peak heap.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Live(String backend, double rateEventsPerS, long achievedEventsPerS, int series, int parallelism, long events,
                long episodesResolved, Long episodeMsP50, Long episodeMsP99, Long episodeMsMax,
                long overrideChanges, Long overrideMsP50, Long overrideMsP99, Long overrideMsMax,
                long stateBytesPerSeries, long peakHeapMb) {}

    /** The SQL recount of the lessons (the seed's approach), timed and compared with what the miner wrote. */
    record Peer(int subsets, long sqlGroupByMs, long readMinedLessonsMs, boolean equal, long mismatches) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
