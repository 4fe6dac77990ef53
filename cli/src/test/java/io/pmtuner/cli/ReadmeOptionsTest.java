package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's option tables against the launcher's own options (picocli, where each default is
 * written once): every option documented, no documented option that does not exist, and where the
 * README gives a plain default in backticks, the same default.
 */
class ReadmeOptionsTest {
    /** A table row whose first cell names options: | `--name ARG`[, `--other ARG`] | default | meaning |. */
    static final Pattern ROW = Pattern.compile("^\\| (`--[^|]*?) \\| ([^|]*) \\|", Pattern.MULTILINE);
    static final Pattern NAME = Pattern.compile("`(--[a-z0-9.-]+)");

    /** Option name to its default cell; an option that shares its row with others gets an empty default (not compared). */
    static Map<String, String> readmeRows() throws Exception {
        Map<String, String> out = new TreeMap<>();
        // an escaped pipe inside a cell (true\\|false) is not a column
        Matcher m = ROW.matcher(Files.readString(Path.of("../README.md")).replace("\\|", "/"));
        while (m.find()) {
            java.util.List<String> names = NAME.matcher(m.group(1)).results().map(r -> r.group(1)).toList();
            for (String n : names) out.put(n, names.size() == 1 ? m.group(2).strip() : "");
        }
        return out;
    }

    static Map<String, OptionSpec> launcherOptions() {
        Map<String, OptionSpec> out = new TreeMap<>();
        CommandLine cl = LocalLauncher.commandLine();
        for (OptionSpec o : cl.getCommandSpec().options()) out.put(o.longestName(), o);
        return out;
    }

    @Test
    void everyOptionOfTheRunIsDocumented() throws Exception {
        TreeSet<String> missing = new TreeSet<>(launcherOptions().keySet());
        missing.removeAll(readmeRows().keySet());
        missing.removeAll(java.util.List.of("--help", "--version", "--data-dir", "--pg-port", "--rest-port"));
        assertThat(missing).as("options of the run missing from the README's tables").isEmpty();
    }

    @Test
    void everyDocumentedOptionExists() throws Exception {
        TreeSet<String> known = new TreeSet<>(launcherOptions().keySet());
        for (CommandLine sub : LocalLauncher.commandLine().getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) known.add(o.longestName());
        }
        TreeSet<String> unknown = new TreeSet<>(readmeRows().keySet());
        unknown.removeAll(known);
        // a family written as a prefix (--challenger.judge.*): the judge's own options under another name
        unknown.removeIf(n -> n.equals("--challenger.judge.") && known.stream().anyMatch(k -> k.startsWith("--judge.")));
        assertThat(unknown).as("options in the README that no command has").isEmpty();
    }

    @Test
    void plainDefaultsAreTheOptionsDefaults() throws Exception {
        Map<String, OptionSpec> options = launcherOptions();
        int compared = 0;
        for (Map.Entry<String, String> row : readmeRows().entrySet()) {
            OptionSpec o = options.get(row.getKey());
            Matcher plain = Pattern.compile("^`([^`]*)`$").matcher(row.getValue());
            if (o == null || !plain.matches() || o.defaultValue() == null) continue;
            assertThat(plain.group(1)).as(row.getKey()).isEqualTo(o.defaultValue());
            compared++;
        }
        assertThat(compared).as("defaults compared").isGreaterThan(20);
    }
}
