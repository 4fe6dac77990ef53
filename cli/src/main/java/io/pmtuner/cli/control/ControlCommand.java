package io.pmtuner.cli.control;

import io.pmtuner.cli.DatabaseOptions;
import io.pmtuner.cli.LocalDatabase;
import io.pmtuner.job.config.DurationConverter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pm-tuner-local.jar control ...}: an operator's actions on what the engine reads (README,
 * "Operating the judge"). Each action is one row of the control log, recorded in a transaction of its
 * own with who did it and why; the next read of {@code pm_effective_tuning} (or a reload of the Java
 * client) applies it, with no restart of the job, which never writes the log.
 */
@Command(name = "control", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Operators' controls over what the engine reads: shadow or live, approve, pin, freeze, roll back, bounds; list and history.",
        subcommands = {ControlCommand.Mode.class, ControlCommand.Approve.class, ControlCommand.Pin.class, ControlCommand.Unpin.class,
                ControlCommand.Freeze.class, ControlCommand.Unfreeze.class, ControlCommand.Rollback.class, ControlCommand.Bounds.class,
                ControlCommand.Promote.class, ControlCommand.ListControls.class, ControlCommand.History.class})
public final class ControlCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an action: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Where the tables are, who acts and why: what every action takes. */
    static final class Who {
        @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, recorded with the control (default: the OS user, ${sys:user.name}).")
        String actor = System.getProperty("user.name");

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, recorded with the control.")
        String reason;
    }

    /** The override key a control acts on: the pattern, and a scope subset. */
    static final class Target {
        @Option(names = "--pattern", required = true, paramLabel = "KEY",
                description = "Episode pattern (pm.s1_entry) or override key (pm.tuning.s1_gates).")
        String pattern;

        @Option(names = "--subset", paramLabel = "JSON", description = "Scope subset, e.g. '{\"chain\":\"solana\"}' ('{}': the global override).")
        String subset;
    }

    /** What every action shares: the database, who and why, the output, and how a refusal is reported. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Mixin
        Who who = new Who();

        /** The control this action records. */
        abstract ControlLog.Control control() throws SQLException;

        /** The pattern and subset whose read to show after recording (null pattern: none). */
        abstract String[] shown();

        /** The control log of the tables this call works on (open while it runs). */
        private ControlLog log;

        ControlLog log() {
            return log;
        }

        @Override
        public Integer call() throws Exception {
            try (LocalDatabase.Opened opened = db.open(spec.commandLine())) {
                log = new ControlLog(opened.settings());
                return record();
            }
        }

        private int record() throws Exception {
            long id;
            try {
                id = log.record(control());
            } catch (SQLException e) {
                ControlLog.Refused r = ControlLog.refusal(e);
                if (r == null) throw e;
                throw new CommandLine.ParameterException(spec.commandLine(), "control refused, nothing recorded: " + r.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            String[] shown = shown();
            out.printf("recorded control #%d: %s%s%n", id, spec.name(), describe());
            if (shown != null && shown[0] != null) out.printf("a read of %s %s now gives %s%n", shown[0], shown[1] == null ? "{}" : shown[1],
                    log.read(shown[0], shown[1]));
            return 0;
        }

        /** The control's target and values, for the confirmation line. */
        abstract String describe();
    }

    static Instant expiry(String expires, CommandLine cl) {
        if (expires == null) return null;
        try {
            return Instant.parse(expires);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Instant.now().plus(new DurationConverter().convert(expires));
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(cl, "--expires takes a duration (2h, 30min) or an ISO-8601 instant, not '" + expires + "'");
            }
        }
    }

    @Command(name = "mode", mixinStandardHelpOptions = true, description = "shadow: the judge's results are proposals only, what the engine reads"
            + " stays where it was (until approved); live: the engine reads the latest proposal.")
    static final class Mode extends Action {
        @Parameters(paramLabel = "shadow|live", description = "shadow or live.")
        String mode;

        @Mixin
        Target target = new Target();

        @Override
        ControlLog.Control control() {
            if (!mode.equals("shadow") && !mode.equals("live")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "mode is shadow or live, not '" + mode + "'");
            }
            return new ControlLog.Control(who.actor, who.reason, "mode", target.pattern, target.subset, mode, null, null, null, null, null, null, null);
        }

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + mode + " " + target.pattern + (target.subset == null ? " (every subset)" : " " + target.subset);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Apply the current proposal of one key (--subset), or of every key of the pattern; clears a pin or rollback there.")
    static final class Approve extends Action {
        @Mixin
        Target target = new Target();

        @Override
        ControlLog.Control control() {
            return new ControlLog.Control(who.actor, who.reason, "approve", target.pattern, target.subset, null, null, null, null, null, null, null, null);
        }

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + target.pattern + (target.subset == null ? " (every key)" : " " + target.subset);
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Hold one key at these multipliers, whatever the judge proposes, until unpin, approve or --expires.")
    static final class Pin extends Action {
        @Mixin
        Target target = new Target();

        @Option(names = "--ts-min-mult", paramLabel = "X", description = "ts_min_mult to hold (default: what applies now, else 1.0).")
        BigDecimal ts;

        @Option(names = "--halo-mult", paramLabel = "X", description = "halo_mult to hold (default: what applies now, else 1.0).")
        BigDecimal halo;

        @Option(names = "--a-value-mult", paramLabel = "X", description = "a_value_mult to hold (default: what applies now, else 1.0).")
        BigDecimal aValue;

        @Option(names = "--expires", paramLabel = "DURATION|ISO", description = "When the pin stops applying by itself (e.g. 2h).")
        String expires;

        @Override
        ControlLog.Control control() throws SQLException {
            if (target.subset == null) throw new CommandLine.ParameterException(spec.commandLine(), "pin needs --subset (the key to hold; '{}' is the global one)");
            if (ts == null && halo == null && aValue == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "pin needs at least one of --ts-min-mult, --halo-mult, --a-value-mult");
            }
            BigDecimal[] now = log().applied(target.pattern, target.subset);
            BigDecimal one = BigDecimal.ONE;
            expiresAt = expiry(expires, spec.commandLine());
            return new ControlLog.Control(who.actor, who.reason, "pin", target.pattern, target.subset, null,
                    ts != null ? ts : now != null ? now[0] : one, halo != null ? halo : now != null ? now[1] : one,
                    aValue != null ? aValue : now != null ? now[2] : one, null, null, expiresAt, null);
        }

        /** When the pin ends by itself, as recorded. */
        private Instant expiresAt;

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + target.pattern + " " + target.subset + (expiresAt == null ? "" : " until " + expiresAt);
        }
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true, description = "End a pin or rollback of one key: its mode decides again.")
    static final class Unpin extends Action {
        @Mixin
        Target target = new Target();

        @Override
        ControlLog.Control control() {
            if (target.subset == null) throw new CommandLine.ParameterException(spec.commandLine(), "unpin needs --subset (the key)");
            return new ControlLog.Control(who.actor, who.reason, "unpin", target.pattern, target.subset, null, null, null, null, null, null, null, null);
        }

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + target.pattern + " " + target.subset;
        }
    }

    @Command(name = "freeze", mixinStandardHelpOptions = true,
            description = "The kill switch: every read of the pattern (without --pattern: of every pattern) gives 1.0, 1.0, 1.0 (the engine's base values) until unfreeze or --expires.")
    static final class Freeze extends Action {
        @Option(names = "--pattern", paramLabel = "KEY", description = "Episode pattern or override key (default: every pattern).")
        String pattern;

        @Option(names = "--expires", paramLabel = "DURATION|ISO", description = "When the freeze ends by itself.")
        String expires;

        /** When the freeze ends by itself, as recorded. */
        private Instant expiresAt;

        @Override
        ControlLog.Control control() {
            expiresAt = expiry(expires, spec.commandLine());
            return new ControlLog.Control(who.actor, who.reason, "freeze", pattern, null, null, null, null, null, null, null, expiresAt, null);
        }

        @Override
        String[] shown() {
            return new String[] {pattern == null ? "pm.tuning.s1_gates" : pattern, null};
        }

        @Override
        String describe() {
            return (pattern == null ? " every pattern" : " " + pattern) + (expiresAt == null ? "" : " until " + expiresAt);
        }
    }

    @Command(name = "unfreeze", mixinStandardHelpOptions = true, description = "End a freeze: reads resolve overrides again.")
    static final class Unfreeze extends Action {
        @Option(names = "--pattern", paramLabel = "KEY", description = "Episode pattern or override key (default: every pattern).")
        String pattern;

        @Override
        ControlLog.Control control() {
            return new ControlLog.Control(who.actor, who.reason, "unfreeze", pattern, null, null, null, null, null, null, null, null, null);
        }

        @Override
        String[] shown() {
            return new String[] {pattern == null ? "pm.tuning.s1_gates" : pattern, null};
        }

        @Override
        String describe() {
            return pattern == null ? " every pattern" : " " + pattern;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Apply exactly an earlier version's multipliers (pm_override_history) to one key, until unpin or approve.")
    static final class Rollback extends Action {
        @Mixin
        Target target = new Target();

        @Option(names = "--to-version", required = true, paramLabel = "N", description = "The version of the key to apply.")
        int version;

        @Override
        ControlLog.Control control() {
            if (target.subset == null) throw new CommandLine.ParameterException(spec.commandLine(), "rollback needs --subset (the key)");
            return new ControlLog.Control(who.actor, who.reason, "rollback", target.pattern, target.subset, null, null, null, null, null, version, null, null);
        }

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + target.pattern + " " + target.subset + " to version " + version;
        }
    }

    @Command(name = "bounds", mixinStandardHelpOptions = true,
            description = "Narrower clamps for one key: what applies there is kept within them (LOW:HIGH each).")
    static final class Bounds extends Action {
        @Mixin
        Target target = new Target();

        @Option(names = "--ts-min-mult", paramLabel = "LOW:HIGH", description = "Bounds of ts_min_mult.")
        String ts;

        @Option(names = "--halo-mult", paramLabel = "LOW:HIGH", description = "Bounds of halo_mult.")
        String halo;

        @Option(names = "--a-value-mult", paramLabel = "LOW:HIGH", description = "Bounds of a_value_mult.")
        String aValue;

        @Option(names = "--expires", paramLabel = "DURATION|ISO", description = "When the bounds end by itself.")
        String expires;

        @Override
        ControlLog.Control control() {
            if (target.subset == null) throw new CommandLine.ParameterException(spec.commandLine(), "bounds needs --subset (the key)");
            List<String> parts = new ArrayList<>();
            range(parts, "ts_min_mult", ts);
            range(parts, "halo_mult", halo);
            range(parts, "a_value_mult", aValue);
            if (parts.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "bounds needs at least one of --ts-min-mult, --halo-mult, --a-value-mult");
            return new ControlLog.Control(who.actor, who.reason, "bounds", target.pattern, target.subset, null, null, null, null,
                    "{" + String.join(", ", parts) + "}", null, expiry(expires, spec.commandLine()), null);
        }

        private void range(List<String> parts, String name, String value) {
            if (value == null) return;
            String[] lh = value.split(":");
            try {
                if (lh.length != 2) throw new NumberFormatException();
                parts.add("\"" + name + "\": [" + new BigDecimal(lh[0].strip()) + ", " + new BigDecimal(lh[1].strip()) + "]");
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--" + name.replace('_', '-') + " takes LOW:HIGH, not '" + value + "'");
            }
        }

        @Override
        String[] shown() {
            return new String[] {target.pattern, target.subset};
        }

        @Override
        String describe() {
            return " " + target.pattern + " " + target.subset;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make the challenger's judge options the live ones for the next run: recorded in the control log and in the run options.")
    static final class Promote implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Mixin
        Who who = new Who();

        @Override
        public Integer call() throws Exception {
            List<String> changed;
            try {
                try (LocalDatabase.Opened opened = db.open(spec.commandLine())) {
                    changed = new ControlLog(opened.settings()).promote(who.actor, who.reason);
                }
            } catch (SQLException e) {
                ControlLog.Refused r = e instanceof ControlLog.Refused refused ? refused : ControlLog.refusal(e);
                if (r == null) throw e;
                throw new CommandLine.ParameterException(spec.commandLine(), "control refused, nothing recorded: " + r.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("promoted the challenger: the recorded judge options are now the challenger's (" + String.join(", ", changed) + ")");
            out.println("the next run takes them (a run with the old ones is refused); give the changed options, e.g. "
                    + String.join(" ", changed.stream().map(c -> c.substring(0, c.indexOf(' ')) + " " + c.substring(c.lastIndexOf(' ') + 1)).toList()));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "What is in force now, one line each: freezes, modes, and every key where"
            + " what applies is not simply the latest proposal.")
    static final class ListControls implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Option(names = "--pattern", paramLabel = "KEY", description = "Only this pattern.")
        String pattern;

        @Option(names = "--all", description = "Also the keys where the latest proposal simply applies.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            try (LocalDatabase.Opened opened = db.open(spec.commandLine())) {
                print(new ControlLog(opened.settings()), spec.commandLine().getOut());
            }
            return 0;
        }

        private void print(ControlLog log, PrintWriter out) throws SQLException {
            for (String[] p : log.patterns(pattern)) {
                out.printf("%s: %s; %s%n", p[0], p[1] == null ? "not frozen" : "FROZEN by control #" + p[1] + ": every read gives 1.0",
                        p[2] == null ? "live (no mode control)" : p[2]);
            }
            int live = 0;
            for (ControlLog.KeyState k : log.keys(pattern)) {
                boolean plain = "proposal".equals(k.source()) && k.controlId() == null;
                if (plain && !all) {
                    live++;
                    continue;
                }
                out.printf("%s %s: applies %s%s | proposal %s%n", k.pattern(), k.subset(),
                        k.applied() == null ? "nothing (no version held)" : mults(k.applied()) + " (" + k.source()
                                + (k.appliedVersion() == null ? "" : " v" + k.appliedVersion()) + (k.controlId() == null ? "" : ", control #" + k.controlId()) + ")",
                        "", k.proposed() == null ? "none" : "v" + k.proposedVersion() + " " + mults(k.proposed()));
            }
            for (ControlLog.Entry b : log.boundsInForce(pattern)) {
                out.printf("%s %s: bounds %s (control #%d by %s%s)%n", b.pattern(), b.subset(), b.bounds(), b.id(), b.actor(),
                        b.expiresAt() == null ? "" : ", until " + b.expiresAt());
            }
            if (live > 0) out.printf("%d more key%s live: each applies its latest proposal (--all lists them)%n", live, live == 1 ? "" : "s");
        }

        private static String mults(BigDecimal[] m) {
            return "ts_min_mult=" + ControlLog.plain(m[0]) + " halo_mult=" + ControlLog.plain(m[1]) + " a_value_mult=" + ControlLog.plain(m[2]);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The control log, oldest first, one line per control.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DatabaseOptions db = new DatabaseOptions();

        @Option(names = "--pattern", paramLabel = "KEY", description = "Only controls of this pattern (and those of every pattern).")
        String pattern;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "The newest N controls (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<ControlLog.Entry> entries;
            try (LocalDatabase.Opened opened = db.open(spec.commandLine())) {
                entries = new ControlLog(opened.settings()).history(pattern, limit);
            }
            if (entries.isEmpty()) out.println("no control recorded");
            for (ControlLog.Entry e : entries) {
                StringBuilder what = new StringBuilder(e.action());
                if (e.action().equals("promote")) {
                    out.printf("#%d %s %s: promote the challenger's judge options (%s)%n", e.id(), e.recordedAt(), e.actor(), e.reason());
                    continue;
                }
                if (e.mode() != null) what.append(' ').append(e.mode());
                what.append(' ').append(e.pattern() == null ? "every pattern" : e.pattern());
                if (e.subset() != null) what.append(' ').append(e.subset());
                if (e.tsMinMult() != null) {
                    what.append(" ts_min_mult=").append(ControlLog.plain(e.tsMinMult())).append(" halo_mult=").append(ControlLog.plain(e.haloMult()))
                            .append(" a_value_mult=").append(ControlLog.plain(e.aValueMult()));
                }
                if (e.bounds() != null) what.append(" bounds ").append(e.bounds());
                if (e.version() != null) what.append(" version ").append(e.version());
                if (e.expiresAt() != null) what.append(" until ").append(e.expiresAt());
                out.printf("#%d %s %s: %s (%s)%n", e.id(), e.recordedAt(), e.actor(), what, e.reason());
            }
            return 0;
        }
    }

}
