package io.pmtuner.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus alerting rules in deploy/prometheus, read as a test needs them: each rule and the metrics it asks for. */
public final class AlertRules {
    public static final Path FILE = Path.of("../deploy/prometheus/pm-tuner-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private AlertRules() {}

    /** Alert name -> the metric names of its expression. */
    public static Map<String, TreeSet<String>> metricsByRule() throws IOException {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        for (JsonNode group : root.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                TreeSet<String> metrics = new TreeSet<>();
                Matcher m = METRIC.matcher(rule.get("expr").asText());
                while (m.find()) metrics.add(m.group());
                out.put(rule.get("alert").asText(), metrics);
            }
        }
        return out;
    }
}
