package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every option of every command (the launcher's and its subcommands', all the way down) says what it does in --help. */
class OptionDescriptionsTest {
    private static void walk(CommandLine cl, List<String> undescribed, List<String> seen) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            seen.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
            if (o.description().length == 0 || String.join("", o.description()).isBlank()) {
                undescribed.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, undescribed, seen);
    }

    @Test
    void everyOptionHasADescription() {
        List<String> undescribed = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        walk(LocalLauncher.commandLine(), undescribed, seen);
        walk(new CommandLine(new io.pmtuner.tools.sim.EngineSimulator()), undescribed, seen);
        assertThat(seen).as("options looked at").hasSizeGreaterThan(100).anyMatch(s -> s.startsWith("simulate "))
                .anyMatch(s -> s.startsWith("pm-tuner-local control "));
        assertThat(undescribed).as("options without a description").isEmpty();
    }

    @Test
    void helpGroupsTheOptionsTheMostUsedFirstEachOnce() {
        java.io.StringWriter w = new java.io.StringWriter();
        CommandLine cl = LocalLauncher.commandLine();
        cl.usage(new java.io.PrintWriter(w));
        String help = w.toString();
        List<Integer> at = new ArrayList<>();
        for (String heading : List.of("Input:", "Database:", "Run:", "Judge:", "Calibrated judge:", "Miner and episodes:",
                "Event time and bad input:", "Kafka:")) {
            at.add(help.indexOf("\n" + heading + "\n"));
        }
        assertThat(at).doesNotContain(-1).isSorted();
        assertThat(help).doesNotContain("\nOther:\n").startsWith("Usage: pm-tuner-local [OPTIONS] [COMMAND]");
        for (OptionSpec o : cl.getCommandSpec().options()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ +(-\\w, )?" + java.util.regex.Pattern.quote(o.longestName()) + "[=\\s]")
                    .matcher(help);
            assertThat(m.results().count()).as(o.longestName()).isEqualTo(1);
        }
        assertThat(OptionGroups.groupOf("--judge.calibrated.ridge")).isEqualTo("Calibrated judge");
        assertThat(OptionGroups.groupOf("--judge.fpr-max")).isEqualTo("Judge");
    }
}
