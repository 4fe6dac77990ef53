package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first hour, run as a new user would, in its order, on a fresh data directory: the local
 * run, the commands of "Seeing what it did", and the operator's session of "Operating the judge", each
 * compared with the output the README shows (log lines aside; instants as they come).
 */
class ReadmeCommandsITCase {
    private static final Path JAR = Path.of("target/pm-tuner-local.jar").toAbsolutePath();
    private static final String LAUNCHER = "java -jar cli/target/pm-tuner-local.jar";
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d,\\d{3} +(INFO|WARN|ERROR|DEBUG) .*");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    /** The README's "rm -rf pm-tuner-data", which the test does itself. */
    private static final String FRESH_DATA = "<rm -rf pm-tuner-data>";

    /** A command of the README, and what it shows it prints (empty: the README shows nothing to compare). */
    record Command(List<String> args, List<String> shown) {}

    private static String readme() throws IOException {
        return Files.readString(Path.of("../README.md"));
    }

    /** The fenced block that follows {@code heading} in the README. */
    private static List<String> block(String readme, String heading) {
        int at = readme.indexOf(heading);
        assertThat(at).as(heading).isNotNegative();
        int open = readme.indexOf("```", at);
        int start = readme.indexOf('\n', open) + 1;
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().toList();
    }

    /** Words as a POSIX shell splits them, for the quoting the README uses ('...' and "..."); a # word starts a comment. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else w.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (ch == '#' && !inWord) {
                break;
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (inWord) out.add(w.toString());
        return out;
    }

    static List<Command> commands() throws IOException {
        String readme = readme();
        List<Command> out = new ArrayList<>();
        // the first command, then "Seeing what it did": the launcher's lines, comments aside
        for (String heading : List.of("## The two commands", "## Seeing what it did")) {
            for (String line : block(readme, heading)) {
                int at = line.indexOf(LAUNCHER);
                if (at < 0 || line.strip().startsWith("#")) continue;
                out.add(new Command(words(line.substring(at + LAUNCHER.length())), List.of()));
            }
        }
        // the operator's session: "$ pm-tuner-local ..." and the lines it printed
        Command current = null;
        for (String line : block(readme, "## Operating the judge")) {
            if (line.equals("$ rm -rf pm-tuner-data")) {
                current = new Command(List.of(FRESH_DATA), new ArrayList<>());
                out.add(current);
            } else if (line.startsWith("$ pm-tuner-local")) {
                current = new Command(words(line.substring("$ pm-tuner-local".length())), new ArrayList<>());
                out.add(current);
            } else if (current != null) {
                current.shown().add(line);
            }
        }
        return out;
    }

    @Test
    void theReadmeSplitsItsCommandsAsAShellWould() {
        assertThat(words("control pin --subset '{\"timeframe\":\"1h\"}' --reason \"hold it\"   # a comment"))
                .containsExactly("control", "pin", "--subset", "{\"timeframe\":\"1h\"}", "--reason", "hold it");
    }

    @Test
    void everyCommandOfTheFirstHourWorksAndPrintsWhatTheReadmeShows(@TempDir Path dir) throws Exception {
        List<Command> commands = commands();
        assertThat(commands).as("the README's commands").hasSizeGreaterThan(12);
        for (Command c : commands) {
            if (c.args().equals(List.of(FRESH_DATA))) {
                org.apache.flink.util.FileUtils.deleteDirectory(dir.resolve("pm-tuner-data").toFile());
                continue;
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
            cmd.addAll(c.args());
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            List<String> printed = output.lines().filter(l -> !LOG_LINE.matcher(l).matches()).map(ReadmeCommandsITCase::instants).toList();
            boolean refusal = !c.shown().isEmpty() && c.shown().get(0).startsWith("pm-tuner: ");
            assertThat(p.exitValue()).as(String.join(" ", c.args()) + "\n" + output).isEqualTo(refusal ? 2 : 0);
            List<String> shown = c.shown().stream().map(ReadmeCommandsITCase::instants).toList();
            int dots = shown.indexOf("...");
            if (dots >= 0) {
                assertThat(printed).as(String.join(" ", c.args())).startsWith(shown.subList(0, dots).toArray(new String[0]));
            } else if (!shown.isEmpty()) {
                assertThat(printed).as(String.join(" ", c.args())).containsExactlyElementsOf(shown);
            }
        }
        assertThat(dir.resolve("report/index.html")).exists();
    }

    private static String instants(String line) {
        Matcher m = INSTANT.matcher(line);
        return m.replaceAll("<instant>");
    }
}
