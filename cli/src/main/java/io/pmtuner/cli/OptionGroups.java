package io.pmtuner.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's --help, options grouped by what they are about, the ones most runs touch first (what to
 * read, where to write, how to run), then the judge, the miner, event time and Kafka.
 */
final class OptionGroups {
    /** Headings in the order they print, each with the option-name prefixes it takes (the longest matching prefix wins). */
    static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("Input", List.of("--input", "--follow"));
        GROUPS.put("Database", List.of("--jdbc", "--db.", "--data-dir", "--pg-port"));
        GROUPS.put("Run", List.of("--parallelism", "--report", "--rest-port", "--checkpoint.", "--restart", "--progress.", "--network",
                "--state.", "--help", "--version"));
        GROUPS.put("Judge", List.of("--judge.", "--challenger."));
        GROUPS.put("Calibrated judge", List.of("--judge.calibrated.", "--judge.inherit", "--judge.step-by-se", "--judge.pm-selection",
                "--judge.size", "--judge.payoff-"));
        GROUPS.put("Miner and episodes", List.of("--miner.", "--episode.", "--outcome."));
        GROUPS.put("Event time and bad input", List.of("--ingest."));
        GROUPS.put("Kafka", List.of("--kafka.", "--overrides."));
        GROUPS.put("Other", List.of(""));
    }

    private OptionGroups() {}

    static String groupOf(String optionName) {
        String best = "Other";
        int longest = -1;
        for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
            for (String prefix : g.getValue()) {
                if (optionName.startsWith(prefix) && prefix.length() > longest) {
                    best = g.getKey();
                    longest = prefix.length();
                }
            }
        }
        return best;
    }

    /** The option list section of the help: one block per group, with its heading. */
    static String render(Help help) {
        Map<String, List<OptionSpec>> byGroup = new LinkedHashMap<>();
        GROUPS.keySet().forEach(k -> byGroup.put(k, new ArrayList<>()));
        for (OptionSpec o : help.commandSpec().options()) {
            if (!o.hidden()) byGroup.get(groupOf(o.longestName())).add(o);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> g : byGroup.entrySet()) {
            if (g.getValue().isEmpty()) continue;
            Help.Layout layout = help.createDefaultLayout();
            layout.addOptions(g.getValue(), help.createDefaultParamLabelRenderer());
            out.append('\n').append(g.getKey()).append(":\n").append(layout);
        }
        return out.toString();
    }
}
