package io.pmtuner.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the embedded PostgreSQL server, from Linux's {@code /proc}: its postmaster's own and its
 * reaped children's (the backends of closed connections), plus the live backends'. The other process
 * on the machine's cores during a run, reported apart from the JVM's. Clock ticks of 10 ms.
 */
final class PostgresCpu {
    /** Linux reports times in /proc in USER_HZ, 100 per second on every architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long postmaster;

    private PostgresCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** The server whose data directory is {@code dataDirectory}; null where its pid or /proc cannot be read. */
    static PostgresCpu of(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            PostgresCpu cpu = new PostgresCpu(Long.parseLong(lines.get(0).trim()));
            return cpu.nanos() >= 0 ? cpu : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU nanoseconds the server has used so far; -1 when it cannot be read. */
    long nanos() {
        long own = ticks(postmaster);
        if (own < 0) return -1;
        long live = ProcessHandle.of(postmaster).map(p -> p.children().mapToLong(c -> Math.max(0, ticks(c.pid()))).sum()).orElse(0L);
        return (own + live) * NANOS_PER_TICK;
    }

    /** utime + stime + cutime + cstime of a process (its own and its reaped children's); -1 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after it
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
