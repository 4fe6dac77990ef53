package io.pmtuner.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Shared base of the integration tests: a Flink MiniCluster per test class and the real PostgreSQL of
 * {@link PostgresExtension}. Running a job is {@link TestJobs}'s.
 */
public abstract class PostgresTestBase {
    @RegisterExtension
    protected static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(withQuickHeartbeats(CapturingReporter.addTo(new Configuration())))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());

    @RegisterExtension
    protected static final PostgresExtension POSTGRES = new PostgresExtension();

    /** Accumulators (a run's progress) reach the job manager with the heartbeats: once a second, as in the local launcher. */
    private static Configuration withQuickHeartbeats(Configuration conf) {
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }
}
