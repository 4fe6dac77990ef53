package io.pmtuner.job.config;

import io.pmtuner.job.JobAssembly;
import io.pmtuner.job.sinks.PipelineSinks;
import io.pmtuner.job.PmTunerJob;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigTest {
    @Test
    void minerAndJudgeDefaultsAreTheSpecs() {
        JobConfig cfg = JobConfig.parse();
        assertThat(cfg.miner.dims).containsExactly("chain", "mcap_bucket", "vol_bucket", "timeframe");
        assertThat(cfg.miner.maxDims).isEqualTo(3);
        assertThat(cfg.miner.includeDataGap).isFalse();
        JudgeSettings j = cfg.judge;
        assertThat(List.of(j.minEpisodes, j.minActed, j.minSkipped)).containsExactly(30, 10, 10);
        assertThat(List.of(j.fprMax, j.mrMax, j.wrMin)).containsExactly(0.5, 0.6, 0.7);
        assertThat(List.of(j.tightenTsStep, j.tightenHaloStep, j.loosenTsStep, j.loosenHaloStep, j.aggressionStep))
                .containsExactly(1.1, 0.8, 0.9, 1.2, 1.1);
        assertThat(List.of(j.tsMinMultMin, j.tsMinMultMax, j.haloMultMin, j.haloMultMax, j.aValueMultMin, j.aValueMultMax))
                .containsExactly(0.5, 1.5, 0.5, 2.0, 0.5, 1.5);
    }

    @Test
    void optionsOverrideTheDefaults() {
        JobConfig cfg = JobConfig.parse("--miner.dims", "chain,book", "--miner.max-dims", "1", "--judge.min-episodes", "12",
                "--judge.fpr-max", "0.45", "--judge.ts-min-mult-max", "1.3", "--miner.include-data-gap");
        assertThat(cfg.miner.dims).containsExactly("chain", "book");
        assertThat(cfg.miner.maxDims).isEqualTo(1);
        assertThat(cfg.miner.includeDataGap).isTrue();
        assertThat(cfg.judge.minEpisodes).isEqualTo(12);
        assertThat(cfg.judge.fprMax).isEqualTo(0.45);
        assertThat(cfg.judge.tsMinMultMax).isEqualTo(1.3);
    }

    @Test
    void bufferTimeoutIsTheClustersUnlessGiven() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long clusters = env.getBufferTimeout();
        JobAssembly.of(JobConfig.parse("--input", "x").parameters()).sinks(PipelineSinks.discarding()).configure(env);
        assertThat(env.getBufferTimeout()).isEqualTo(clusters);
        JobAssembly.of(JobConfig.parse("--input", "x", "--network.buffer-timeout", "10ms").parameters()).configure(env);
        assertThat(env.getBufferTimeout()).isEqualTo(10);
        assertThatThrownBy(() -> JobConfig.parse("--network.buffer-timeout", "-1ms"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a duration");
    }

    @Test
    void rowsWaitLongerInAReplayUnlessTheIntervalIsGiven() {
        JobParameters replay = JobConfig.parse("--input", "history/").parameters();
        assertThat(replay.isBounded()).isTrue();
        assertThat(replay.sinks().interval(true)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(replay.sinks().interval(false)).isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(JobConfig.parse("--input", "history/", "--jdbc.batch-interval", "50ms").parameters().sinks().interval(true))
                .isEqualTo(java.time.Duration.ofMillis(50));
    }

    @Test
    void contradictoryClampsAreAClearError() {
        assertThatThrownBy(() -> JobConfig.parse("--judge.ts-min-mult-min", "1.6"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("clamp");
    }
}
