package io.pmtuner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets some processes listen on, read from Linux's /proc (their descriptors, and the kernel's socket tables). */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    /** A listening socket: its local address as the kernel writes it (hex), and its port. */
    record Socket(boolean v6, String address, int port) {
        boolean loopback() {
            if (!v6) return address.equals("0100007F"); // 127.0.0.1, little-endian
            // ::1, or ::ffff:127.0.0.1
            return address.equals("00000000000000000000000001000000") || address.equals("0000000000000000FFFF00000100007F");
        }
    }

    private ListeningSockets() {}

    /** Every socket listening on {@code port}, whichever process holds it (a daemon that left its parent). */
    static List<Socket> onPort(int port) throws IOException {
        return read(null, port);
    }

    static List<Socket> of(List<ProcessHandle> processes) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (ProcessHandle p : processes) {
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            try (Stream<Path> links = Files.list(fds)) {
                for (Path l : (Iterable<Path>) links::iterator) {
                    try {
                        String target = Files.readSymbolicLink(l).toString();
                        if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                    } catch (IOException gone) {
                        // closed while we looked
                    }
                }
            } catch (IOException gone) {
                // the process ended
            }
        }
        return read(inodes, -1);
    }

    private static List<Socket> read(Set<String> inodes, int port) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> rows = Files.readAllLines(Path.of("/proc/net", table));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.trim().split("\\s+");
                String[] local = f[1].split(":");
                int p = Integer.parseInt(local[1], 16);
                if (!f[3].equals(LISTEN) || (inodes != null && !inodes.contains(f[9])) || (port >= 0 && p != port)) continue;
                out.add(new Socket(table.equals("tcp6"), local[0], p));
            }
        }
        return out;
    }
}
