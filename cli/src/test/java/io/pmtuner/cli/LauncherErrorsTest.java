package io.pmtuner.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's mistake is one line and a non-zero exit, checked before anything starts (no PostgreSQL, no
 * Flink): the usage only on --help.
 */
class LauncherErrorsTest {
    private static LauncherRun run(String... args) {
        return LauncherRun.of(args);
    }

    private static void oneLine(LauncherRun o, int exit, String start) {
        assertThat(o.status()).isEqualTo(exit);
        assertThat(o.err()).hasSize(1);
        assertThat(o.err().get(0)).startsWith(start);
    }

    @Test
    void mistakesAreOneLineAndExitTwo() {
        oneLine(run("--parallelism", "0"), 2, "pm-tuner: --parallelism must be at least 1 (see pm-tuner-local --help)");
        oneLine(run("--bogus"), 2, "pm-tuner: Unknown option: '--bogus'");
        oneLine(run("--outcome.horizon", "3x"), 2, "pm-tuner: Invalid value for option '--outcome.horizon': '3x' is not a duration");
        oneLine(run("--judge.mode", "clever"), 2, "pm-tuner: Invalid value for option '--judge.mode'");
        oneLine(run("eval", "--world", "W9"), 2, "pm-tuner: --world W9: no such file, nor a reference world (W1..W8, W12,");
        oneLine(run("eval", "--world", "W1", "--judges", "clever"), 2, "pm-tuner: --judges: unknown judge 'clever'");
        long t0 = System.nanoTime();
        oneLine(run("--input", "no/such/events.jsonl"), 2, "pm-tuner: --input no/such/events.jsonl does not exist");
        assertThat((System.nanoTime() - t0) / 1e9).as("found before PostgreSQL or Flink start").isLessThan(5);
        oneLine(run("--input", "pom.xml", "--follow"), 2, "pm-tuner: --follow needs a directory as --input, not a file");
        oneLine(run("--input.partitioned"), 2, "pm-tuner: --input.partitioned needs --input, a directory of partition directories");
        oneLine(run("partition", "--input", "pom.xml", "--partitions", "0", "--out", "target/never"), 2, "pm-tuner: --partitions must be at least 1");
        oneLine(run("--input.partitioned", "--input", "pom.xml"), 2, "pm-tuner: --input.partitioned needs a directory as --input, not pom.xml");
    }

    @Test
    void versionSaysWhichBuildAndFlink() {
        LauncherRun o = run("--version");
        assertThat(o.status()).isZero();
        assertThat(o.out()).containsPattern("pm-tuner \\d+\\.\\d+\\.\\d+\\S* \\(built \\d{4}-\\d\\d-\\d\\dT").contains("Flink 2.");
    }

    @Test
    void aWorldKeyEvalDoesNotKnowIsRefusedNamingIt() throws Exception {
        // a typo that, ignored, would run a lattice world as a flat one
        java.nio.file.Path world = java.nio.file.Files.createTempFile("world", ".json");
        java.nio.file.Files.writeString(world, "{\"setups\": 100, \"scopes\": [{\"share\": 1, \"scopes\": {\"chain\": \"sol\"}}]}");
        oneLine(run("eval", "--world", world.toString()), 2, "pm-tuner: --world " + world + ": unknown key \"scopes[0].scopes\" (known: [c, k, name, scope, share])");
        java.nio.file.Files.delete(world);
    }

    @Test
    void aPasswordInTheJdbcUrlIsRefusedWithoutEchoingIt() {
        for (String url : List.of("jdbc:postgresql://db/tuning?user=x&password=hunter2", "jdbc:postgresql://db/tuning?sslpassword=hunter2",
                "jdbc:postgresql://x:hunter2@db/tuning")) {
            LauncherRun o = run("--jdbc-url", url);
            oneLine(o, 2, "pm-tuner: --jdbc-url must not carry a password");
            assertThat(o.err().get(0)).doesNotContain("hunter2").contains("PMTUNER_JDBC_PASSWORD");
        }
    }

    @Test
    void aBusyPortIsNamed() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            oneLine(run("--pg-port", Integer.toString(port)), 2, "pm-tuner: --pg-port " + port + " is in use on 127.0.0.1");
            oneLine(run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--rest-port", Integer.toString(port)), 2,
                    "pm-tuner: --rest-port " + port + " is in use on 127.0.0.1");
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingUrlAndRole() {
        LauncherRun o = run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/tuning", "--jdbc-user", "tuner", "--rest-port", "0");
        oneLine(o, 1, "pm-tuner failed: cannot migrate the schema on jdbc:postgresql://127.0.0.1:1/tuning as tuner: ");
        assertThat(o.err().get(0)).doesNotContain("'null'");
    }

    @Test
    void theHelpShowsTheConfigProviderReference() {
        LauncherRun o = run("--help");
        assertThat(o.status()).isZero();
        // the help wraps lines where its columns make it: the reference may be split over two
        assertThat(o.out().replaceAll("\\s+", "")).contains("${env:NAME}").doesNotContain("suchasnull");
    }
}
