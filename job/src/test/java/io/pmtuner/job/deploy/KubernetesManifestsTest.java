package io.pmtuner.job.deploy;

import io.pmtuner.job.config.JobParameters;
import io.pmtuner.job.ClusterMain;
import io.pmtuner.job.config.JobConfig;

import org.apache.flink.runtime.util.EnvironmentInformation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests in {@code deploy/k8s} are not applied here (no cluster): this checks that
 * they parse and hold what the job needs, so that they cannot drift from the code unnoticed.
 */
class KubernetesManifestsTest {
    static final Path K8S = Path.of("../deploy/k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode read(String file) throws Exception {
        return YAML.readTree(K8S.resolve(file).toFile());
    }

    @Test
    void theDeploymentRunsThisJobWithSavepointUpgradesAndDurableState() throws Exception {
        JsonNode d = read("flinkdeployment.yaml");
        assertThat(d.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(d.get("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode spec = d.get("spec");
        String[] flinkVersion = EnvironmentInformation.getVersion().split("\\.");
        assertThat(spec.get("flinkVersion").asText()).isEqualTo("v" + flinkVersion[0] + "_" + flinkVersion[1]);

        JsonNode job = spec.get("job");
        assertThat(job.get("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.get("entryClass").asText()).isEqualTo(ClusterMain.class.getName());
        assertThat(job.get("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/pm-tuner.jar");

        JsonNode conf = spec.get("flinkConfiguration");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.type",
                "high-availability.storageDir")) {
            assertThat(conf.hasNonNull(key)).as(key).isTrue();
        }
        assertThat(conf.get("high-availability.type").asText()).isEqualTo("kubernetes");
        // metrics for Prometheus, and the pods say where to scrape them
        assertThat(conf.get("metrics.reporter.prom.factory.class").asText()).isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(spec.get("podTemplate").get("metadata").get("annotations").get("prometheus.io/port").asText())
                .isEqualTo(conf.get("metrics.reporter.prom.port").asText());
    }

    @Test
    void theJobArgumentsAreValidOptionsAndCarryNoSecret() throws Exception {
        List<String> args = new ArrayList<>();
        read("flinkdeployment.yaml").get("spec").get("job").get("args").forEach(a -> args.add(a.asText()));
        JobParameters cfg = JobConfig.parse(args.toArray(new String[0])).parameters();
        assertThat(cfg.input().follow()).isTrue();
        assertThat(cfg.input().path()).isEqualTo("/data/events");
        assertThat(cfg.database().url).startsWith("jdbc:postgresql://");
        assertThat(cfg.migrate()).as("runs as the write-only role").isFalse();
        assertThat(String.join(" ", args)).doesNotContainIgnoringCase("password");
    }

    @Test
    void thePasswordComesFromASecretAndTheInputFromAVolume() throws Exception {
        JsonNode container = read("flinkdeployment.yaml").get("spec").get("podTemplate").get("spec").get("containers").get(0);
        assertThat(container.get("name").asText()).isEqualTo("flink-main-container");
        JsonNode env = container.get("env").get(0);
        assertThat(env.get("name").asText()).isEqualTo(JobConfig.PASSWORD_ENV);
        assertThat(env.has("value")).as("never inline").isFalse();
        assertThat(env.get("valueFrom").get("secretKeyRef").get("name").asText()).isEqualTo("pm-tuner-db");
        assertThat(container.get("volumeMounts").get(0).get("mountPath").asText()).isEqualTo("/data/events");
    }

    @Test
    void theSnapshotTargetsTheDeploymentAndTheImageMatchesOurFlink() throws Exception {
        JsonNode s = read("flinkstatesnapshot.yaml");
        assertThat(s.get("kind").asText()).isEqualTo("FlinkStateSnapshot");
        assertThat(s.get("spec").get("jobReference").get("name").asText())
                .isEqualTo(read("flinkdeployment.yaml").get("metadata").get("name").asText());
        assertThat(s.get("spec").get("savepoint").get("formatType").asText()).isEqualTo("CANONICAL");

        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM flink:" + EnvironmentInformation.getVersion() + "-java17")
                .contains("COPY job/target/pm-tuner.jar /opt/flink/usrlib/pm-tuner.jar");
    }
}
