package io.pmtuner.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time of this JVM (every thread: the job's tasks, the MiniCluster around them, GC, JIT), the cost
 * that compares across noisy machines where events/s does not. PostgreSQL is another process and is
 * not in it.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU nanoseconds this process has used so far, or -1 where the JVM does not say. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
