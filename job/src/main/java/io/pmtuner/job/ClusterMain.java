package io.pmtuner.job;

import io.pmtuner.job.config.JobConfig;
import io.pmtuner.job.config.JobParameters;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/** The job's entry point on a cluster: {@code flink run pm-tuner.jar --input ... --jdbc-url ...}. */
public final class ClusterMain {
    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        JobParameters cfg;
        try {
            cfg = JobConfig.parse(args).parameters();
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (options: README, \"Options\")", e);
        }
        if (cfg.input().path() == null && !cfg.kafka().isSource()) throw new IllegalArgumentException("--input or --kafka.topic is required on a cluster");
        if (cfg.database().url == null) throw new IllegalArgumentException("--jdbc-url is required on a cluster");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobAssembly.baseConfiguration(cfg.run()));
        JobAssembly.of(cfg).run(env);
    }
}
