package io.pmtuner.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of the launcher's command line in the test JVM, as a user types it: its exit status and what it printed. */
public record LauncherRun(int status, List<String> err, String out) {
    public static LauncherRun of(String... args) {
        CommandLine cl = LocalLauncher.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute(args);
        return new LauncherRun(exit, err.toString().lines().toList(), out.toString());
    }
}
