package io.pmtuner.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard in deploy/grafana, read as a test needs it: the metrics and the SQL its panels ask for. */
public final class Dashboard {
    public static final Path FILE = Path.of("../deploy/grafana/pm-tuner-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private Dashboard() {}

    private static List<JsonNode> targets() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(FILE.toFile()).get("panels")) panel.get("targets").forEach(out::add);
        return out;
    }

    /** Every metric name the Prometheus queries use. */
    public static TreeSet<String> prometheusMetrics() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode t : targets()) {
            if (!t.has("expr")) continue;
            Matcher m = METRIC.matcher(t.get("expr").asText());
            while (m.find()) out.add(m.group());
        }
        return out;
    }

    /** Every SQL query, with Grafana's time filter macro made a plain condition. */
    public static List<String> sql() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode t : targets()) {
            if (t.has("rawSql")) out.add(t.get("rawSql").asText().replaceAll("\\$__timeFilter\\((\\w+)\\)", "$1 IS NOT NULL"));
        }
        return out;
    }
}
