package io.pmtuner.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The local launcher's progress: on a terminal one line rewritten in place, elsewhere (a log, a pipe)
 * one line per report.
 */
final class ProgressLine implements Consumer<String> {
    private final PrintStream out;
    private final boolean terminal;
    private int shown;

    ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(String line) {
        if (!terminal) {
            out.println(line);
            return;
        }
        // carriage return, the new text, and blanks over what is left of a longer previous line
        out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        out.flush();
        shown = line.length();
    }

    /** Ends the updating line so that what follows starts on a line of its own. */
    synchronized void end() {
        if (terminal && shown > 0) out.println();
        shown = 0;
    }
}
