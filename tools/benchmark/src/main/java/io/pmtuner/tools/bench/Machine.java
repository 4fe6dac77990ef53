package io.pmtuner.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine, for the results. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (Exception ignored) {
            // not Linux: the rest still says enough
        }
        Runtime rt = Runtime.getRuntime();
        return String.format("%d cores (%s), JVM max heap %d MB, Java %s, %s", rt.availableProcessors(), cpu,
                rt.maxMemory() / (1024 * 1024), System.getProperty("java.version"), System.getProperty("os.name"));
    }
}
