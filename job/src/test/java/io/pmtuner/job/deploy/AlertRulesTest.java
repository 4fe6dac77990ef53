package io.pmtuner.job.deploy;

import io.pmtuner.job.testing.AlertRules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped alerting rules: every alert the operators rely on is there and asks for a metric, and
 * Prometheus' own checker accepts the file (where promtool is installed: CI installs it, and also runs
 * it itself). That each metric exists in a real cluster's scrape is ClusterITCase's.
 */
class AlertRulesTest {
    @Test
    void everyAlertIsThereAndAsksForAMetric() throws IOException {
        Map<String, TreeSet<String>> rules = AlertRules.metricsByRule();
        assertThat(rules).containsOnlyKeys("PmTunerFrozen", "PmTunerChangesAboveBudget", "PmTunerNoEvents", "PmTunerRejectsHigh",
                "PmTunerCheckpointsFailing", "PmTunerRestarting");
        rules.forEach((alert, metrics) -> assertThat(metrics).as(alert).isNotEmpty());
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (Debian's prometheus package has it)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", AlertRules.FILE.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: 6 rules found");
    }
}
