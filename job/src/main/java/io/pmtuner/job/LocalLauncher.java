package io.pmtuner.job;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.job.eval.EvalCommand;
import io.pmtuner.job.db.Summary;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/**
 * {@code java -jar job/target/pm-tuner-local.jar}: the same job on an in-process MiniCluster. Without
 * {@code --jdbc-url} it starts an embedded, real PostgreSQL whose data stays in {@code --data-dir};
 * without {@code --input} it reads the bundled sample. Prints a summary of the tables at the end.
 */
@Command(name = "pm-tuner-local", mixinStandardHelpOptions = true, sortOptions = false, subcommands = EvalCommand.class,
        description = "Runs pm-tuner in-process (MiniCluster), with an embedded PostgreSQL unless --jdbc-url is given.")
public final class LocalLauncher implements Callable<Integer> {
    static final String SAMPLE = "sample/sample.jsonl";

    @Mixin
    JobConfig job;

    @Option(names = "--data-dir", defaultValue = "pm-tuner-data",
            description = "Where the embedded PostgreSQL keeps its data and the launcher its temp files (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--pg-port", defaultValue = "54329", description = "Port of the embedded PostgreSQL on loopback (default ${DEFAULT-VALUE}).")
    int pgPort;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new LocalLauncher());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("pm-tuner failed: " + rootMessage(e));
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        job.jdbcPassword = System.getenv(JobConfig.PASSWORD_ENV);
        Files.createDirectories(dataDir);
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        // Flink and the embedded PostgreSQL unpack into the temp dir on every start: keep it ours
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());

        EmbeddedPostgres pg = null;
        try {
            if (job.jdbcUrl == null) {
                pg = startEmbeddedPostgres();
                job.jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
                job.jdbcUser = "postgres";
                System.out.println("Embedded PostgreSQL: " + job.jdbcUrl + " (data in " + dataDir.resolve("postgres") + ")");
            }
            String input = null;
            if (job.kafka.isSource()) {
                System.out.println("Input: Kafka topic(s) " + String.join(",", job.kafka.topics) + " at " + job.kafka.bootstrapServers
                        + (job.kafka.isBounded() ? ", up to --kafka.stop " + job.kafka.stop : ", unbounded (stop with Ctrl-C)"));
            } else {
                input = job.input != null ? job.input : extractSample().toString();
                System.out.println("Input: " + input);
            }

            Configuration conf = PmTunerJob.baseConfiguration(job);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            long t0 = System.nanoTime();
            JobExecutionResult result = PmTunerJob.run(env, job, input);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("Job finished in %.1f s (Flink reports %d ms)%n", seconds, result.getNetRuntime());
            Summary.print(new JdbcSettings(job.jdbcUrl, job.jdbcUser, job.jdbcPassword), System.out);
            return 0;
        } finally {
            if (pg != null) pg.close();
        }
    }

    private EmbeddedPostgres startEmbeddedPostgres() throws IOException {
        return EmbeddedDatabase.start(dataDir.resolve("postgres"), pgPort);
    }

    private Path extractSample() throws IOException {
        Path target = dataDir.resolve("sample.jsonl");
        try (InputStream in = LocalLauncher.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            if (in == null) throw new IOException("bundled sample " + SAMPLE + " is missing from the jar");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) sb.append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
