package io.pmtuner.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of each of a job's task threads over one run, by task: where a job's CPU goes, and which
 * thread is the limit (at parallelism p a task's subtasks are p threads; the busiest one bounds the
 * events per second). Task threads end with the job, so a daemon thread samples their CPU time every
 * {@value #PERIOD_MS} ms and keeps the last value seen; a thread's last few milliseconds may be missed.
 */
final class TaskCpu implements AutoCloseable {
    private static final long PERIOD_MS = 20;
    /**
     * Flink names a task thread "{task name} (subtask/parallelism)#attempt"; the JDBC sinks' batch threads
     * are named "jdbc batches of " and their task's thread name, so they count as tasks of their own.
     */
    private static final Pattern TASK_THREAD = Pattern.compile("^(.*) \\((\\d+)/(\\d+)\\)#\\d+$");

    /** A task's figures over a run: the CPU of all its subtasks, and of its busiest one. */
    record Task(long totalNanos, long busiestThreadNanos) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> cpu = new HashMap<>();
    private final Map<Long, Long> before = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private TaskCpu() {
        for (long id : threads.getAllThreadIds()) before.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        sampler = new Thread(this::sampleUntilClosed, "bench-task-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling; null where the JVM cannot measure thread CPU time. */
    static TaskCpu start() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (!t.isThreadCpuTimeSupported()) return null;
        if (!t.isThreadCpuTimeEnabled()) t.setThreadCpuTimeEnabled(true);
        return new TaskCpu();
    }

    private void sampleUntilClosed() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) continue;
            long t = threads.getThreadCpuTime(ids[i]);
            if (t < 0) continue;
            Matcher m = TASK_THREAD.matcher(infos[i].getThreadName());
            if (!m.matches()) continue;
            names.put(ids[i], m.group(1));
            cpu.put(ids[i], t - before.getOrDefault(ids[i], 0L));
        }
    }

    /** Stops sampling, with a last sample. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    /** The CPU of each task of the run. */
    synchronized Map<String, Task> tasks() {
        Map<String, long[]> byTask = new HashMap<>();
        for (Map.Entry<Long, Long> e : cpu.entrySet()) {
            long[] t = byTask.computeIfAbsent(names.get(e.getKey()), k -> new long[2]);
            t[0] += e.getValue();
            t[1] = Math.max(t[1], e.getValue());
        }
        Map<String, Task> out = new LinkedHashMap<>();
        byTask.forEach((task, t) -> out.put(task, new Task(t[0], t[1])));
        return out;
    }
}
