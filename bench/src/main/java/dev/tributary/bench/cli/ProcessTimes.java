package dev.tributary.bench.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The CPU time this process has used (every thread: the serving node, the syncing node, the garbage collector and
 * the JIT compiler) and the time its collectors report, read at one moment. The difference of two readings is what a
 * run cost the machine, a figure that depends far less than wall-clock time on what else the machine is doing.
 *
 * @param cpuSeconds process CPU time, or NaN where the platform does not report it
 * @param gcSeconds  time the collectors report, summed (pauses and concurrent cycles)
 */
record ProcessTimes(double cpuSeconds, double gcSeconds) {
    static ProcessTimes now() {
        double cpu = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            cpu = nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new ProcessTimes(cpu, gcMillis / 1e3);
    }

    /** What was used between {@code earlier} and this reading. */
    ProcessTimes since(ProcessTimes earlier) {
        return new ProcessTimes(cpuSeconds - earlier.cpuSeconds, gcSeconds - earlier.gcSeconds);
    }
}
