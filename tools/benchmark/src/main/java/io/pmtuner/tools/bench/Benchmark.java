package io.pmtuner.tools.bench;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.db.SchemaMigrator;
import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.cli.PartitionLayout;

import io.pmtuner.job.db.EmbeddedDatabase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -cp tools/benchmark/target/pm-tuner-benchmark.jar io.pmtuner.tools.bench.Benchmark}: replay throughput of
 * the whole job against its ceiling in the same run, over series counts, parallelisms and state
 * backends; latency of a live run at a fixed rate; state per series and peak heap; and the SQL
 * recount of the lessons (the seed's approach) timed and checked against the continuous miner.
 * Prints a table and writes JSON. README, "Benchmark", has the figures and how to read them.
 */
@Command(name = "pm-tuner-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures pm-tuner: replay throughput vs its ceiling, live latency, state, scaling, SQL peer.")
public class Benchmark implements Callable<Integer> {
    @Option(names = "--series", split = ",", defaultValue = "1000,10000,100000", description = "Series counts to scale over (default ${DEFAULT-VALUE}).")
    List<Integer> seriesCounts;

    @Option(names = "--events", defaultValue = "200000", description = "Approximate events per replay run: bars = events / series, at least 3 (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--parallelism", split = ",", defaultValue = "1,2", description = "Parallelisms (default ${DEFAULT-VALUE}).")
    List<Integer> parallelisms;

    @Option(names = "--rocksdb-series", split = ",", defaultValue = "1000",
            description = "Series counts also run on the RocksDB backend (slow with CEP; default ${DEFAULT-VALUE}).")
    List<Integer> rocksdbSeries;

    @Option(names = "--rocksdb-events", defaultValue = "200000",
            description = "Approximate events per RocksDB (and ForSt) replay run: the heap rows' input by default, so that"
                    + " the CPU per event compares; 2000 bars per series show whether the cost grows with history (default ${DEFAULT-VALUE}).")
    long rocksdbEvents;

    @Option(names = "--disk-backends", split = ",", defaultValue = "rocksdb",
            description = "Backends of the --rocksdb-series rows: rocksdb, forst (Flink 2's disaggregated backend, here on local disk) (default ${DEFAULT-VALUE}).")
    List<String> diskBackends;

    @Option(names = "--disk-checkpoint-seconds", defaultValue = "5",
            description = "The RocksDB and ForSt rows take an incremental checkpoint every this many seconds, as a deployment"
                    + " on those backends would, and report what each wrote; 0 takes none (default ${DEFAULT-VALUE}).")
    int diskCheckpointSeconds;

    @Option(names = "--repeats", defaultValue = "3",
            description = "Runs of the job and of its ceiling, interleaved; the medians are reported. RocksDB rows run once,"
                    + " and the job without its database (a diagnostic) runs once per row (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warm-up-runs", defaultValue = "1",
            description = "Unmeasured runs of the job, its ceiling and the job without its database on the first input,"
                    + " so that no measured run pays for the JIT compiler (default ${DEFAULT-VALUE}).")
    int warmUpRuns;

    @Option(names = "--latency-rate", defaultValue = "10000", description = "Events per second of the live run (default ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the live run's input at that rate (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-series", defaultValue = "1000", description = "Series in the live run (default ${DEFAULT-VALUE}).")
    int latencySeries;

    @Option(names = "--latency-parallelism", defaultValue = "1", description = "Parallelism of the live run (default ${DEFAULT-VALUE}).")
    int latencyParallelism;

    @Option(names = "--latency-backends", split = ",", defaultValue = "hashmap",
            description = "State backends of the live run, one run each: hashmap, rocksdb, forst (default ${DEFAULT-VALUE}).")
    List<String> latencyBackends;

    @Option(names = "--seed", defaultValue = "7") long seed;

    @Option(names = "--cpu-profile-top", defaultValue = "8",
            description = "Each row profiles its first job run with the JVM's flight recorder and reports this many of the methods"
                    + " most often on top of a sampled stack, of pm-tuner's own methods nearest the top, and the collector's pauses;"
                    + " 0 turns it off (default ${DEFAULT-VALUE}).")
    int cpuProfileTop;

    @Option(names = "--rocksdb-conf", paramLabel = "KEY=VALUE",
            description = "A Flink configuration entry for the RocksDB rows (state.backend.rocksdb.*), repeatable: to measure a setting against the default.")
    Map<String, String> rocksdbConf = new java.util.TreeMap<>();

    @Option(names = "--partitioned-series", split = ",", defaultValue = "1000",
            description = "Series counts also replayed from a partitioned input (--input.partitioned), with as many partitions as the parallelism (default ${DEFAULT-VALUE}).")
    List<Integer> partitionedSeries;

    @Option(names = "--data-dir", defaultValue = "bench-data", description = "Input files, embedded PostgreSQL, savepoints (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--jdbc-url", description = "A real PostgreSQL server (its database is used as a template of empty ones); default: embedded, fsync off.")
    String jdbcUrl;

    @Option(names = "--jdbc-user") String jdbcUser;

    @Option(names = "--out", defaultValue = "bench-results.json", description = "JSON results (default ${DEFAULT-VALUE}).")
    Path out;

    private JdbcSettings admin;
    /** The embedded server's CPU; null with --jdbc-url or where /proc cannot be read. */
    private PostgresCpu postgresCpu;
    private int databases;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        // Flink and the embedded PostgreSQL unpack into the temp dir on every start: keep it ours
        String previousTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
        EmbeddedDatabase pg = null;
        try {
            if (jdbcUrl == null) {
                pg = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0, false);
                admin = pg.admin();
                postgresCpu = PostgresCpu.of(dataDir.resolve("postgres"));
            } else {
                admin = new JdbcSettings(jdbcUrl, jdbcUser, System.getenv(JobConfig.PASSWORD_ENV));
            }
            List<Results.Replay> replay = replays();
            List<Results.Live> live = new ArrayList<>();
            for (String backend : latencyBackends) live.add(Latency.run(this, backend));
            Results results = new Results(Machine.describe(), jdbcUrl == null ? "embedded (fsync off)" : "server at " + jdbcUrl,
                    warmUpRuns, replay, live, peer);
            print(results);
            results.write(out);
            System.out.println("JSON: " + out.toAbsolutePath());
            return 0;
        } finally {
            if (pg != null) pg.close();
            System.setProperty("java.io.tmpdir", previousTmp);
        }
    }

    private Results.Peer peer;

    private List<Results.Replay> replays() throws Exception {
        List<Results.Replay> rows = new ArrayList<>();
        for (int series : seriesCounts) {
            List<String> backends = new ArrayList<>(List.of("hashmap"));
            if (rocksdbSeries.contains(series)) backends.addAll(diskBackends);
            for (String backend : backends) {
                boolean onDisk = !backend.equals("hashmap"); // RocksDB or ForSt
                int bars = (int) Math.max(3, (onDisk ? rocksdbEvents : events) / series);
                Path file = dataDir.resolve("input-" + series + "x" + bars + ".jsonl");
                long lines = Input.write(file, series, bars, seed);
                if (rows.isEmpty()) {
                    warmUp(file, lines, parallelisms.get(0));
                    measureEmptyRun(parallelisms.get(0), "hashmap");
                }
                for (int p : parallelisms) {
                    Runs r = new Runs();
                    // a RocksDB run is slow (CEP on RocksDB): once is enough to place it
                    int runs = onDisk ? 1 : repeats;
                    for (int run = 0; run < runs; run++) measureOnce(new Replay(file, 0), lines, p, backend, r, run == 0);
                    rows.add(row(series, bars, lines, backend, p, 0, r));
                    System.out.println("  " + rows.get(rows.size() - 1));
                }
                if (!onDisk && partitionedSeries.contains(series)) {
                    for (int p : parallelisms) {
                        Path dir = dataDir.resolve("input-" + series + "x" + bars + "-in-" + p);
                        PartitionLayout.write(file, dir, p);
                        Runs r = new Runs();
                        for (int run = 0; run < repeats; run++) measureOnce(new Replay(dir, p), lines, p, backend, r, run == 0);
                        rows.add(row(series, bars, lines, backend, p, p, r));
                        System.out.println("  " + rows.get(rows.size() - 1));
                        deleteRecursively(dir);
                    }
                }
                Files.deleteIfExists(file);
            }
        }
        return rows;
    }

    /** A replay's input: one file read by a single reader, or a directory of {@code partitions} partitions. */
    record Replay(Path path, int partitions) {
        String[] options() {
            return partitions > 0 ? new String[] {"--input.partitioned"} : new String[0];
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private Results.Replay row(int series, int bars, long lines, String backend, int p, int partitions, Runs r) {
        TaskFigures t = TaskFigures.of(r, lines);
        return new Results.Replay(series, bars, lines, backend, p, partitions > 0 ? "partitions x" + partitions : "one reader",
                Math.round(median(r.job)), Math.round(median(r.ceiling)), Math.round(median(r.job) / median(r.ceiling) * 1000) / 1000.0,
                Math.round(median(r.noDb)), tenths(median(r.jobCpu)), tenths(median(r.ceilingCpu)),
                r.postgresCpu.isEmpty() ? null : tenths(median(r.postgresCpu)), r.jobHeap / (1024 * 1024),
                t.busiest, t.busiestCpu, t.tasks, r.checkpoints, r.profile, rounded(r.job), rounded(r.ceiling));
    }

    private static double tenths(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Where the job's CPU goes, by task (medians over the runs, microseconds per event, the most first), and
     * its busiest thread: at parallelism 1 that thread alone bounds the events per second (1 / its CPU per
     * event). All null where the JVM does not measure thread CPU.
     */
    private record TaskFigures(String busiest, Double busiestCpu, Map<String, Double> tasks) {
        static TaskFigures of(Runs r, long lines) {
            Map<String, List<Double>> total = new LinkedHashMap<>();
            Map<String, List<Double>> thread = new LinkedHashMap<>();
            for (Map<String, TaskCpu.Task> run : r.jobTasks) {
                run.forEach((task, t) -> {
                    total.computeIfAbsent(task, k -> new ArrayList<>()).add(t.totalNanos() / 1000.0 / lines);
                    thread.computeIfAbsent(task, k -> new ArrayList<>()).add(t.busiestThreadNanos() / 1000.0 / lines);
                });
            }
            if (total.isEmpty()) return new TaskFigures(null, null, null);
            String busiest = thread.keySet().stream().max(java.util.Comparator.comparingDouble(t -> median(thread.get(t)))).orElseThrow();
            Map<String, Double> tasks = new LinkedHashMap<>();
            total.entrySet().stream().sorted((a, b) -> Double.compare(median(b.getValue()), median(a.getValue())))
                    .forEach(e -> tasks.put(e.getKey(), Math.round(median(e.getValue()) * 100) / 100.0));
            return new TaskFigures(busiest, Math.round(median(thread.get(busiest)) * 100) / 100.0, tasks);
        }
    }

    /**
     * A JVM's first runs are slow while the JIT compiler works, so the measured runs come after unmeasured
     * ones (docs/benchmark.md has how much it mattered).
     */
    private void warmUp(Path file, long lines, int p) throws Exception {
        for (int i = 0; i < warmUpRuns; i++) {
            System.out.println("  warm-up run " + (i + 1) + " of " + warmUpRuns + " (not measured)");
            measureOnce(new Replay(file, 0), lines, p, "hashmap", new Runs(), true);
        }
    }

    /** The figures of one configuration's runs. */
    private static final class Runs {
        final List<Double> job = new ArrayList<>(), ceiling = new ArrayList<>(), noDb = new ArrayList<>();
        /** CPU microseconds per event of each run. */
        final List<Double> jobCpu = new ArrayList<>(), ceilingCpu = new ArrayList<>();
        /** PostgreSQL's CPU microseconds per event over each job run (its own process, apart from the job's). */
        final List<Double> postgresCpu = new ArrayList<>();
        /** Each job run's CPU by task (empty where the JVM does not measure thread CPU). */
        final List<Map<String, TaskCpu.Task>> jobTasks = new ArrayList<>();
        long jobHeap;
        /** The first job run's checkpoints, on the disk backends. */
        Results.Checkpoints checkpoints;
        /** The first job run's CPU profile summary. */
        Results.Profile profile;
    }

    /**
     * The job and its ceiling, one after the other, into {@code r}; and the job without its database
     * when {@code withoutDatabase}.
     */
    private void measureOnce(Replay file, long lines, int p, String backend, Runs r, boolean withoutDatabase) throws Exception {
        JdbcSettings db = newDatabase();
        resetPeakHeap();
        long cpu = ProcessCpu.nanos();
        long pgCpu = postgresCpu == null ? -1 : postgresCpu.nanos();
        TaskCpu tasks = TaskCpu.start();
        CpuProfile profile = r.profile == null ? CpuProfile.start(cpuProfileTop) : null;
        boolean checkpoint = !backend.equals("hashmap") && diskCheckpointSeconds > 0 && r.checkpoints == null;
        r.job.add(eventsPerSecond(lines, checkpoint ? runJobCheckpointing(file, db, p, backend, r) : runJob(file, db, p, backend)));
        r.jobCpu.add(cpuPerEvent(cpu, lines));
        if (profile != null) r.profile = profile.stop();
        if (pgCpu >= 0) r.postgresCpu.add((postgresCpu.nanos() - pgCpu) / 1000.0 / lines);
        if (tasks != null) {
            tasks.close();
            r.jobTasks.add(tasks.tasks());
        }
        r.jobHeap = Math.max(r.jobHeap, peakHeap());
        cpu = ProcessCpu.nanos();
        r.ceiling.add(eventsPerSecond(lines, runCeiling(file, p, backend)));
        r.ceilingCpu.add(cpuPerEvent(cpu, lines));
        if (withoutDatabase) r.noDb.add(eventsPerSecond(lines, runWithoutDatabase(file, p, backend)));
        if (peer == null) peer = PeerRecount.run(db);
    }

    /** CPU microseconds per event since {@code before}, less the CPU of an empty run (starting and stopping a job). */
    private double cpuPerEvent(long before, long lines) {
        return Math.max(0, ProcessCpu.nanos() - before - emptyRunCpu) / 1000.0 / lines;
    }

    /** CPU nanoseconds of a job on one line: the fixed cost of a run, measured after the warm-up. */
    private long emptyRunCpu;

    private void measureEmptyRun(int p, String backend) throws Exception {
        Path one = dataDir.resolve("input-one-line.jsonl");
        Input.write(one, 1, 1, seed);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long cpu = ProcessCpu.nanos();
            runCeiling(new Replay(one, 0), p, backend);
            runs.add(ProcessCpu.nanos() - cpu);
        }
        java.util.Collections.sort(runs);
        emptyRunCpu = runs.get(1);
        System.out.printf("  an empty run costs %.2f s of CPU (taken off each run's)%n", emptyRunCpu / 1e9);
        Files.deleteIfExists(one);
    }

    private static double median(List<Double> runs) {
        List<Double> sorted = new ArrayList<>(runs);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> rounded(List<Double> runs) {
        return runs.stream().map(Math::round).toList();
    }

    private static double eventsPerSecond(long lines, JobExecutionResult r) {
        return lines * 1000.0 / Math.max(1, r.getNetRuntime(TimeUnit.MILLISECONDS));
    }

    JobParameters config(JdbcSettings db, int parallelism, String... extra) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", db.url, "--parallelism", String.valueOf(parallelism)));
        if (db.user != null) args.addAll(List.of("--jdbc-user", db.user));
        args.addAll(List.of(extra));
        return JobConfig.parse(args.toArray(new String[0])).parameters();
    }

    /** The options of a replay of {@code in} at parallelism {@code p}. */
    JobParameters replay(JdbcSettings db, Replay in, int p, String... extra) {
        List<String> args = new ArrayList<>(List.of("--input", in.path().toString()));
        args.addAll(List.of(in.options()));
        args.addAll(List.of(extra));
        return config(db, p, args.toArray(new String[0]));
    }

    StreamExecutionEnvironment environment(JobParameters cfg, String backend) {
        return environment(cfg, backend, new Configuration());
    }

    /** The environment of a run on {@code backend}, with {@code extra} settings. */
    StreamExecutionEnvironment environment(JobParameters cfg, String backend, Configuration extra) {
        Configuration conf = JobAssembly.baseConfiguration(cfg.run());
        conf.addAll(extra);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        if (!backend.equals("hashmap")) rocksdbConf.forEach(conf::setString);
        JobAssembly.checkpointsTo(conf, dataDir().resolve("checkpoints"));
        return StreamExecutionEnvironment.createLocalEnvironment(cfg.run().parallelism(), conf);
    }

    private JobExecutionResult runJob(Replay in, JdbcSettings db, int p, String backend) throws Exception {
        JobParameters cfg = replay(db, in, p);
        return JobAssembly.of(cfg).run(environment(cfg, backend));
    }

    /** {@link #runJob} with an incremental checkpoint every --disk-checkpoint-seconds, whose sizes go into {@code r}. */
    private JobExecutionResult runJobCheckpointing(Replay in, JdbcSettings db, int p, String backend, Runs r) throws Exception {
        JobParameters cfg = replay(db, in, p, "--checkpoint.interval", diskCheckpointSeconds + "s");
        Configuration rest = new Configuration();
        CheckpointWatch watch = CheckpointWatch.on(rest, Duration.ofSeconds(diskCheckpointSeconds));
        StreamExecutionEnvironment env = environment(cfg, backend, rest);
        try {
            return JobAssembly.of(cfg).run(env);
        } finally {
            r.checkpoints = watch.stop();
        }
    }

    /** The whole job with its outputs discarded: how much of the time PostgreSQL takes. */
    private JobExecutionResult runWithoutDatabase(Replay in, int p, String backend) throws Exception {
        JobParameters cfg = replay(admin, in, p);
        StreamExecutionEnvironment env = environment(cfg, backend);
        JobAssembly.of(cfg).sinks(PipelineSinks.discarding()).onto(env);
        return env.execute("pm-tuner-without-db");
    }

    private JobExecutionResult runCeiling(Replay in, int p, String backend) throws Exception {
        JobParameters cfg = replay(admin, in, p);
        StreamExecutionEnvironment env = environment(cfg, backend);
        JobAssembly assembly = JobAssembly.of(cfg);
        assembly.configure(env);
        CeilingJob.wire(JobAssembly.readStreams(env, cfg.input()));
        return env.execute("pm-tuner-ceiling");
    }

    /** A new empty database on the server, migrated. */
    JdbcSettings newDatabase() throws Exception {
        String name = "bench_" + ProcessHandle.current().pid() + "_" + (++databases);
        JdbcSettings db = admin.createDatabase(name, false);
        SchemaMigrator.migrate(db);
        return db;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Bytes of a savepoint directory. */
    static long savepointBytes(JobClient job, Path dir) throws Exception {
        Path sp = Path.of(URI.create(job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(5, TimeUnit.MINUTES)));
        try (Stream<Path> files = Files.walk(sp)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    private static void print(Results results) {
        System.out.println();
        System.out.println("pm-tuner benchmark on " + results.machine() + "; PostgreSQL " + results.postgres());
        String columns = "%-8s %-6s %-9s %-8s %-3s %-13s %-12s %-12s %-6s %-8s %-14s %-10s %-10s%n";
        System.out.printf(columns, "series", "bars", "events", "backend", "p", "input",
                "job ev/s", "ceiling ev/s", "ratio", "heap MB", "no-db ev/s", "job us/ev", "ceil us/ev");
        for (Results.Replay r : results.replay()) {
            System.out.printf(columns, r.series(), r.bars(), r.events(), r.backend(), r.parallelism(), r.input(), r.jobEventsPerS(),
                    r.ceilingEventsPerS(), r.ratio(), r.peakHeapMb(), r.jobWithoutDbEventsPerS(), r.jobCpuUsPerEvent(), r.ceilingCpuUsPerEvent());
        }
        for (Results.Replay r : results.replay()) {
            if (r.taskCpuUsPerEvent() != null) {
                String top = r.taskCpuUsPerEvent().entrySet().stream().limit(5).map(t -> t.getKey() + " " + t.getValue())
                        .collect(java.util.stream.Collectors.joining("; "));
                System.out.printf("  %s series, %s, p=%s, %s: PostgreSQL %s us/event; busiest thread %s us/event; CPU by task (us/event, the JSON has all): %s%n",
                        r.series(), r.backend(), r.parallelism(), r.input(), r.postgresCpuUsPerEvent() == null ? "not measured" : r.postgresCpuUsPerEvent(),
                        r.busiestThreadCpuUsPerEvent(), top);
            }
            if (r.checkpoints() != null) {
                Results.Checkpoints c = r.checkpoints();
                System.out.printf("  %s series, %s: %d incremental checkpoints every %d s wrote %d kB each (median), %d kB at most;"
                                + " the last covers %d kB of state%n", r.series(), r.backend(), c.completed(), c.intervalMs() / 1000,
                        c.incrementalBytesP50() / 1024, c.incrementalBytesMax() / 1024, c.fullBytesLast() / 1024);
            }
        }
        results.latency().forEach(l -> System.out.println("latency: " + l));
        System.out.println("peer (SQL GROUP BY recount of the lessons): " + results.peerSqlRecount());
        System.out.println();
    }

    static DataStream<String> liveLines(StreamExecutionEnvironment env, double rate) {
        return env.fromSource(LiveSource.create(rate), WatermarkStrategy.noWatermarks(), "live-input")
                .setParallelism(1).uid("source").name("live-input");
    }
}
